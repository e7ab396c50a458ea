package io.hijackwatch.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How notifications are sent.
 *
 * @param dispatcherEnabled whether this replica sends; a replica that only serves the API can leave it off
 * @param pollInterval how often the dispatcher looks for due notifications when it has nothing in hand
 * @param concurrency how many channels are sent to at once
 * @param retrySchedule the wait before each retry after a failed attempt; a notification whose last retry fails is
 *     dead. The default spans about a day, so a receiver down for hours still gets everything.
 * @param jitter the share of each wait that is randomized, so that retries of many notifications spread out
 * @param connectTimeout how long to wait for a connection to a receiver
 * @param responseTimeout how long to wait for a receiver to answer
 * @param maxResponseSize how much of a receiver's answer is read; the rest is dropped and nothing of it is shown
 * @param slackInterval the least time between two messages to one Slack webhook (Slack allows about one a second)
 * @param secretOverlap how long the previous signing secret of a webhook stays valid after a rotation
 * @param publicUrl the address users reach the API at, for the alert links in messages
 * @param allowHttpHosts hosts that may be reached over plain {@code http} (only for local testing)
 * @param allowedNetworks address ranges (CIDR) that may be reached although they are private, for receivers inside
 *     the operator's own network
 */
@ConfigurationProperties("hijackwatch.notifications")
public record NotificationProperties(
        @DefaultValue("true") boolean dispatcherEnabled,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("4") int concurrency,

        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"})
        List<Duration> retrySchedule,

        @DefaultValue("0.2") double jitter,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("16KB") DataSize maxResponseSize,
        @DefaultValue("1s") Duration slackInterval,
        @DefaultValue("24h") Duration secretOverlap,
        @DefaultValue("http://localhost:8080") URI publicUrl,
        @DefaultValue({}) Set<String> allowHttpHosts,
        @DefaultValue({}) List<String> allowedNetworks) {

    /** How many attempts a notification gets: the first and one per retry. */
    public int maxAttempts() {
        return retrySchedule.size() + 1;
    }
}
