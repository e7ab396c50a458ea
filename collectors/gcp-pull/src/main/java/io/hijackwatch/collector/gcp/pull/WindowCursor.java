package io.hijackwatch.collector.gcp.pull;

import io.hijackwatch.collector.pull.Cursor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a project's audit logs were last read to, as a {@link Cursor} of version 1: {@code after} is the end of the
 * last window read completely, and {@code lastEntry} the time of the newest entry read by then, which only explains
 * the lag. A cursor without a readable {@code after} (written by hand, or by an earlier shape) starts over as a new
 * source does.
 *
 * @param after the end of the last complete window
 * @param lastEntry the time of the newest entry read up to then, when there was one
 */
record WindowCursor(Instant after, Optional<Instant> lastEntry) {

    static final int VERSION = 1;
    private static final String AFTER = "after";
    private static final String LAST_ENTRY = "lastEntry";

    /** The stored cursor's window end, if it has one. */
    static Optional<WindowCursor> from(Cursor cursor) {
        return cursor.instant(AFTER).map(after -> new WindowCursor(after, cursor.instant(LAST_ENTRY)));
    }

    Cursor toCursor() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(AFTER, after.toString());
        lastEntry.ifPresent(time -> values.put(LAST_ENTRY, time.toString()));
        return Cursor.of(VERSION, values);
    }
}
