package io.hijackwatch.baseline;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Hour arithmetic for hourly series. */
final class Hours {

    static final Duration ONE = Duration.ofHours(1);
    static final Duration WEEK = Duration.ofDays(7);

    private Hours() {}

    static Instant of(Instant time) {
        return time.truncatedTo(ChronoUnit.HOURS);
    }

    static long between(Instant from, Instant to) {
        return Duration.between(from, to).toHours();
    }
}
