package io.hijackwatch.collector.twilio;

import java.time.Duration;

/**
 * How throttled calls are retried within a poll.
 *
 * @param attempts how many times a call is made before the poll gives up on it
 * @param firstBackoff the wait before the second attempt; each later wait doubles, with jitter of up to half of it
 * @param retryAfter the wait handed to the service when the retries within the poll are spent and Twilio named none
 */
record RetryTuning(int attempts, Duration firstBackoff, Duration retryAfter) {

    static final RetryTuning DEFAULT = new RetryTuning(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
}
