package io.hijackwatch.collector.pull;

/**
 * How a poll ended.
 *
 * @param events how many events the poll handed to the sink, duplicates included
 * @param more whether the source has more waiting, so the service should poll again without waiting its interval
 */
public record PollResult(long events, boolean more) {

    public static PollResult caughtUp(long events) {
        return new PollResult(events, false);
    }
}
