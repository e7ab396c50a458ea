package io.hijackwatch.collector.pull;

import java.time.Duration;
import java.util.Optional;

/**
 * A source could not be read. The message is shown to the tenant and logged, so it names what failed and never a
 * secret.
 */
public class CollectorException extends Exception {

    private final boolean permanent;
    private final Duration retryAfter;

    private CollectorException(String message, Throwable cause, boolean permanent, Duration retryAfter) {
        super(message, cause);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    /** A failure that may pass by itself (throttling, a timeout, a 5xx): the service retries with backoff. */
    public static CollectorException transientFailure(String message, Throwable cause) {
        return new CollectorException(message, cause, false, null);
    }

    /** Throttling with the wait the provider asked for. */
    public static CollectorException throttled(String message, Duration retryAfter) {
        return new CollectorException(message, null, false, retryAfter);
    }

    /**
     * A failure that needs a person (access denied, a queue that does not exist): the service still retries, slowly,
     * and shows the source as failing.
     */
    public static CollectorException permanentFailure(String message, Throwable cause) {
        return new CollectorException(message, cause, true, null);
    }

    public boolean permanent() {
        return permanent;
    }

    /** How long the provider asked to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
