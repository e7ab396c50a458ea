package io.hijackwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.pull.CollectorException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTests {

    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private final Backoff backoff = new Backoff(
            new SourceProperties.Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofHours(1)),
            INTERVAL,
            new Random(42));

    @Test
    void doublesTheCeilingWithEachFailureUpToTheCap() {
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMinutes(16));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofMinutes(30));
        assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void spreadsTransientRetriesBetweenTheIntervalAndTheCeiling() {
        for (int i = 0; i < 500; i++) {
            Duration wait = backoff.afterTransient(8);
            assertThat(wait).isBetween(INTERVAL, Duration.ofMinutes(30));
        }
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> backoff.afterTransient(8))
                .distinct()
                .count();
        assertThat(distinct).isGreaterThan(40);
    }

    @Test
    void neverRetriesSoonerThanTheProviderAsked() {
        CollectorException throttled = CollectorException.throttled("Slow down.", Duration.ofHours(3));

        assertThat(backoff.after(throttled, 0)).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void retriesAFailureThatNeedsAPersonSlowly() {
        CollectorException denied = CollectorException.permanentFailure("Access denied.", null);

        assertThat(backoff.after(denied, 0)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.after(denied, 20)).isEqualTo(Duration.ofHours(1));
    }
}
