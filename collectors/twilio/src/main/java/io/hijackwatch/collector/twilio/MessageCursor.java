package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.pull.Cursor;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where a {@code twilio} source was last read to, as a {@link Cursor} of version 1: {@code after} is the time of the
 * last poll that read every page. A cursor without a readable {@code after} starts over as a new source does.
 */
record MessageCursor(Instant after) {

    static final int VERSION = 1;
    private static final String AFTER = "after";

    static Optional<MessageCursor> from(Cursor cursor) {
        return cursor.instant(AFTER).map(MessageCursor::new);
    }

    Cursor toCursor() {
        return Cursor.of(VERSION, Map.of(AFTER, after.toString()));
    }
}
