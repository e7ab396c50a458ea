package io.hijackwatch.source;

import io.hijackwatch.collector.pull.Cursor;
import java.time.Instant;
import java.util.Map;

/**
 * A registered pull source as stored.
 *
 * @param settings the tenant's settings; secret settings hold references only
 * @param revision raised by every change of name or settings, so a replica knows its open collector is stale
 * @param cursor where its collector left off
 * @param position the time up to which its collector has read everything, when it said
 * @param status {@code new} (never polled), {@code ok}, {@code retrying} (a transient failure) or {@code failing}
 *     (a failure that needs a person)
 */
record Source(
        long tenantId,
        long id,
        String name,
        String kind,
        Map<String, String> settings,
        long revision,
        boolean paused,
        Cursor cursor,
        Instant position,
        String status,
        String lastError,
        Instant lastSuccessAt,
        Instant nextPollAt,
        int consecutiveFailures,
        long eventsTotal,
        Instant createdAt,
        Instant updatedAt) {

    static final String FAILING = "failing";
    static final String RETRYING = "retrying";
    static final String OK = "ok";
}
