package io.hijackwatch.collector.gcp.pull;

import java.time.Duration;

/**
 * How fast a collector calls {@code entries.list} and how it waits out throttling. Cloud Logging allows 60 list
 * requests a minute per project, so requests are spaced a second apart, and a throttled request is retried a few times
 * with growing, jittered waits before the poll gives up for a minute.
 *
 * @param requestInterval the least time between two requests of one collector
 * @param firstBackoff the wait before the first retry of a throttled request; each retry doubles it
 * @param attempts how many times a throttled request is sent before the poll ends
 * @param throttledRetryAfter how long the service is asked to wait after a poll ended throttled
 * @param settleDelay how far behind now a window ends, so that entries being written are not raced
 * @param maxWindow the longest span read in one poll; a longer gap is read over several polls
 */
record Pacing(
        Duration requestInterval,
        Duration firstBackoff,
        int attempts,
        Duration throttledRetryAfter,
        Duration settleDelay,
        Duration maxWindow) {

    static final Pacing CLOUD_LOGGING_QUOTA = new Pacing(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            4,
            Duration.ofMinutes(1),
            Duration.ofSeconds(30),
            Duration.ofHours(1));
}
