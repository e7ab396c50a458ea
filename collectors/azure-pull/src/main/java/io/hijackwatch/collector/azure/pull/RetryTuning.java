package io.hijackwatch.collector.azure.pull;

import java.time.Duration;

/**
 * How a poll retries a call that may pass by itself (throttling, a 5xx, a dropped connection) before it gives up and
 * leaves the retry to the service.
 *
 * @param maxRetries retries of one call within a poll
 * @param baseDelay the first backoff when Azure names no wait; each later one doubles, with jitter
 * @param maxDelay the longest backoff
 * @param longestWaitInPoll the longest {@code Retry-After} a poll waits out itself; a longer one ends the poll
 */
record RetryTuning(int maxRetries, Duration baseDelay, Duration maxDelay, Duration longestWaitInPoll) {

    static RetryTuning defaults() {
        return new RetryTuning(3, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
}
