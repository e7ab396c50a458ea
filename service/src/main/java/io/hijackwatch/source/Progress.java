package io.hijackwatch.source;

import io.hijackwatch.collector.pull.Cursor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source's INFO progress line: at most one per interval, with what was stored since the last line, how long the
 * polls took and where the cursor is now. When polls are rarer than the interval, every poll writes one.
 */
final class Progress {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final long intervalNanos;
    private long lineAt;
    private boolean written;
    private long events;
    private long polls;
    private long pollNanos;

    Progress(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Counts a poll, and writes the line when it is due; call with the source's MDC keys set. */
    synchronized void polled(long stored, Duration took, Cursor cursor) {
        events += stored;
        polls++;
        pollNanos += took.toNanos();
        long now = System.nanoTime();
        if (written && now - lineAt < intervalNanos) {
            return;
        }
        log.info(
                "Stored {} new events in {} polls taking {} ms; the cursor is {}",
                events,
                polls,
                Duration.ofNanos(pollNanos).toMillis(),
                cursor.toJson());
        written = true;
        lineAt = now;
        events = 0;
        polls = 0;
        pollNanos = 0;
    }
}
