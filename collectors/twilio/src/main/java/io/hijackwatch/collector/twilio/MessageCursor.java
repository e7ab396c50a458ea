package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.pull.Cursor;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a {@code twilio} source was last read to, as a {@link Cursor} of version 2: {@code after} is the time of the
 * last poll that read every page, and {@code seen} the {@link Readings} of the messages that the next poll reads again
 * within its overlap, so that it emits only what is new or changed. A version 1 cursor (no {@code seen}) is read with
 * none seen; a cursor without a readable {@code after} starts over as a new source does.
 *
 * @param seen fingerprints of readings, sorted when written so that equal cursors are equal text
 */
record MessageCursor(Instant after, Set<String> seen) {

    static final int VERSION = 2;
    private static final String AFTER = "after";
    private static final String SEEN = "seen";

    MessageCursor {
        seen = Set.copyOf(seen);
    }

    static Optional<MessageCursor> from(Cursor cursor) {
        return cursor.instant(AFTER).map(after -> new MessageCursor(after, seen(cursor.value(SEEN))));
    }

    private static Set<String> seen(Optional<String> text) {
        return text.filter(value -> !value.isBlank())
                .map(value -> Set.of(Arrays.stream(value.split(",")).distinct().toArray(String[]::new)))
                .orElse(Set.of());
    }

    Cursor toCursor() {
        Map<String, String> values = new TreeMap<>();
        values.put(AFTER, after.toString());
        if (!seen.isEmpty()) {
            values.put(SEEN, String.join(",", new TreeSet<>(seen)));
        }
        return Cursor.of(VERSION, values);
    }
}
