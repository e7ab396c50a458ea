package io.hijackwatch.collector.aws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces requests at least an interval apart, which keeps any one-second window at or under the rate CloudTrail
 * allows LookupEvents (two per second per account and region). Sources of one account and region in this process
 * share a pacer.
 */
final class RequestPacer {

    private static final Map<String, RequestPacer> SHARED = new ConcurrentHashMap<>();

    private final long intervalNanos;
    private long nextAllowed = System.nanoTime();

    RequestPacer(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** The pacer all sources with this key share. */
    static RequestPacer shared(String key, Duration interval) {
        return SHARED.computeIfAbsent(key, ignored -> new RequestPacer(interval));
    }

    /** Waits until the next request may go out, and books that slot. */
    synchronized void acquire() throws InterruptedException {
        long wait = nextAllowed - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        nextAllowed = Math.max(System.nanoTime(), nextAllowed) + intervalNanos;
    }
}
