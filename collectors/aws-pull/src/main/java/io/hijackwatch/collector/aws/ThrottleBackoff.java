package io.hijackwatch.collector.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait after the n-th throttled attempt: exponential from a base up to a cap, of which a random half is
 * left out ("equal jitter") so that collectors throttled together do not retry together.
 *
 * @param attempts how many attempts one request gets in all, the first included
 * @param base the wait after the first throttled attempt, before jitter
 * @param cap the longest wait
 */
record ThrottleBackoff(int attempts, Duration base, Duration cap) {

    static final ThrottleBackoff DEFAULT = new ThrottleBackoff(4, Duration.ofSeconds(1), Duration.ofSeconds(8));

    Duration delayAfter(int attempt) {
        long exponential = base.toMillis() << Math.min(attempt - 1, 20);
        long ceiling = Math.min(exponential, cap.toMillis());
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
