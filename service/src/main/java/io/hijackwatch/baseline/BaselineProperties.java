package io.hijackwatch.baseline;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the learned baselines are kept and when the detectors in code speak up (see docs/baselines.md).
 *
 * @param history how far back a baseline looks; seasonality uses the same hour of the week within it
 * @param minHistory how long an account (or a channel) must have been seen before learned signals count
 * @param retention how long hourly aggregates and message records are kept; at least {@code history}
 */
@ConfigurationProperties("hijackwatch.baselines")
public record BaselineProperties(
        @DefaultValue("56d") Duration history,
        @DefaultValue("7d") Duration minHistory,
        @DefaultValue("63d") Duration retention,
        @DefaultValue Sms sms,
        @DefaultValue Volume volume) {

    /**
     * The SMS pumping detector.
     *
     * @param scoreThreshold the score at which signals become a finding (one destination signal is also needed)
     * @param ratio how many times an account's normal a country's, prefix's or hour's cost must be
     * @param deviations how many robust standard deviations (1.4826 MAD) above normal, as a second bar
     * @param countryFloor the fewest messages to one country in an hour for a volume signal
     * @param prefixFloor the fewest messages to one prefix in an hour for a volume signal
     * @param prefixNumbersFloor the fewest distinct numbers in one prefix in an hour for a signal
     * @param sequentialRun the shortest run of numbers at most {@code sequentialGap} apart that counts as sequential
     * @param sequentialGap the largest step between two numbers of a sequential run
     * @param newCountryMinimum the fewest messages in an hour to a new or rare country for a signal
     * @param rareCountryShare a country below this share of the account's history is rare
     * @param failureShare the share of failed or undelivered messages to one prefix that is a signal
     * @param failureMinimum the fewest messages to a prefix in an hour before its failure share counts
     * @param costFloor the least cost in an hour (in the price unit) for a cost signal
     * @param fraudGuardCodes the provider error codes of its own fraud guard
     * @param fraudGuardMinimum the fewest messages with a fraud-guard code in an hour for a signal
     */
    public record Sms(
            @DefaultValue("60") int scoreThreshold,
            @DefaultValue("5") double ratio,
            @DefaultValue("6") double deviations,
            @DefaultValue("20") long countryFloor,
            @DefaultValue("10") long prefixFloor,
            @DefaultValue("10") long prefixNumbersFloor,
            @DefaultValue("5") int sequentialRun,
            @DefaultValue("3") long sequentialGap,
            @DefaultValue("5") long newCountryMinimum,
            @DefaultValue("0.005") double rareCountryShare,
            @DefaultValue("0.5") double failureShare,
            @DefaultValue("10") long failureMinimum,
            @DefaultValue("5") BigDecimal costFloor,

            @DefaultValue({"30450", "30453", "60410", "21408"})
            Set<String> fraudGuardCodes,

            @DefaultValue("3") long fraudGuardMinimum) {}

    /**
     * The message-volume burst detector.
     *
     * @param minHistory how long a channel must have been seen before its bursts count; two weeks lets every hour be
     *     compared with the same hour of the week
     * @param channels which events, as {@code provider:service:action} with {@code *} wildcards, are messages sent;
     *     Twilio messages always are
     * @param ratio how many times the hour's normal volume a burst must be
     * @param deviations how many robust standard deviations above normal a burst must also be
     * @param floor the fewest messages in an hour that can be a burst
     * @param bounceFloor the least bounce (or failure) rate that can be a rise
     * @param complaintFloor the least complaint rate that can be a rise
     * @param rateRatio how many times its usual rate a bounce or complaint rate must be to count as a rise
     */
    public record Volume(
            @DefaultValue("14d") Duration minHistory,

            @DefaultValue({
                "aws:sns.amazonaws.com:Publish",
                "aws:sns.amazonaws.com:PublishBatch",
                "aws:ses.amazonaws.com:Send*",
                "aws:ses.events:*",
                "aws:sns.sms:*"
            })
            List<String> channels,

            @DefaultValue("3") double ratio,
            @DefaultValue("6") double deviations,
            @DefaultValue("50") long floor,
            @DefaultValue("0.05") double bounceFloor,
            @DefaultValue("0.001") double complaintFloor,
            @DefaultValue("3") double rateRatio) {}
}
