package io.hijackwatch.source;

import io.hijackwatch.collector.pull.CollectorException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a source waits after a failed poll. Transient failures back off exponentially with full jitter (a random
 * wait between zero and the doubled base, capped), so that the sources of one throttled account do not retry in step;
 * a wait the provider asked for is honoured; a failure that needs a person is retried slowly. No source is polled
 * more often than its interval, failing or not.
 */
final class Backoff {

    private final SourceProperties.Backoff settings;
    private final Duration pollInterval;
    private final RandomGenerator random;

    Backoff(SourceProperties.Backoff settings, Duration pollInterval, RandomGenerator random) {
        this.settings = settings;
        this.pollInterval = pollInterval;
        this.random = random;
    }

    /**
     * @param failuresBefore how many polls in a row failed before this one
     */
    Duration after(CollectorException failure, int failuresBefore) {
        if (failure.permanent()) {
            return atLeastInterval(settings.permanent());
        }
        Duration jittered = afterTransient(failuresBefore);
        return failure.retryAfter().filter(wait -> wait.compareTo(jittered) > 0).orElse(jittered);
    }

    Duration afterTransient(int failuresBefore) {
        Duration ceiling = ceiling(failuresBefore);
        long millis = ceiling.toMillis() <= 0 ? 0 : random.nextLong(ceiling.toMillis() + 1);
        return atLeastInterval(Duration.ofMillis(millis));
    }

    /** The base doubled once per earlier failure, no more than the cap. */
    Duration ceiling(int failuresBefore) {
        int doublings = Math.min(Math.max(failuresBefore, 0), 30);
        Duration grown = settings.base().multipliedBy(1L << doublings);
        return grown.compareTo(settings.cap()) > 0 ? settings.cap() : grown;
    }

    private Duration atLeastInterval(Duration wait) {
        return wait.compareTo(pollInterval) < 0 ? pollInterval : wait;
    }
}
