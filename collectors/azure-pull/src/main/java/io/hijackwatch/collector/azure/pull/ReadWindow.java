package io.hijackwatch.collector.azure.pull;

import io.hijackwatch.collector.pull.Cursor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The span of event time one poll reads, and the cursors that go with it.
 *
 * <p>The cursor (version 1) holds {@code after}: the end of the last window read completely. A poll reads from
 * {@code after} minus the overlap, because Azure delivers some events many minutes after their event time, up to a
 * little before now, because the newest minute is still being written. A new source starts at now minus its initial
 * lookback. A window never covers more than a day past {@code after}, so a source that was stopped for long catches
 * up in slices, one per poll.
 *
 * @param from the earliest event time read
 * @param to the latest event time read, and the new cursor's {@code after}
 * @param resume the cursor to store with every page before the last, so that a poll cut short reads the whole
 *     window again
 * @param more whether the source holds a later window already
 */
record ReadWindow(Instant from, Instant to, Cursor resume, boolean more) {

    static final int CURSOR_VERSION = 1;
    static final String AFTER = "after";

    /** How long before now a window ends: the Activity Log is still writing the newest minute. */
    static final Duration SETTLING = Duration.ofMinutes(1);

    /** The longest window one poll reads past the cursor. */
    static final Duration LONGEST_SLICE = Duration.ofDays(1);

    /** The Activity Log keeps 90 days; a window starts a little inside that so the query is never refused. */
    static final Duration RETENTION = Duration.ofDays(90).minusHours(1);

    private static final Logger log = LoggerFactory.getLogger(ReadWindow.class);

    /** The window after the cursor, or empty when the cursor is already as close to now as a window may end. */
    static Optional<ReadWindow> after(Cursor cursor, Instant now, AzureSourceSettings settings, String sourceId) {
        Instant end = now.minus(SETTLING);
        Optional<Instant> stored = storedAfter(cursor, sourceId);
        Instant after = stored.orElse(now.minus(settings.initialLookback()));
        if (!after.isBefore(end)) {
            return Optional.empty();
        }
        Instant from = stored.map(value -> value.minus(settings.overlap())).orElse(after);
        Instant oldest = now.minus(RETENTION);
        if (from.isBefore(oldest)) {
            log.warn(
                    "Source {} was last read up to {}, before the 90 days the Activity Log keeps; reading from {}.",
                    sourceId,
                    after,
                    oldest);
            from = oldest;
        }
        Instant to = min(after.plus(LONGEST_SLICE), end);
        Cursor resume = stored.isPresent() ? cursor : cursorAt(after);
        return Optional.of(new ReadWindow(from, to, resume, to.isBefore(end)));
    }

    /** The cursor to store with the window's last page. */
    Cursor completed() {
        return cursorAt(to);
    }

    static Cursor cursorAt(Instant after) {
        return Cursor.of(CURSOR_VERSION, Map.of(AFTER, after.toString()));
    }

    /**
     * The cursor's {@code after}, whatever version wrote it; a new source's cursor and one without a readable {@code
     * after} start over from the initial lookback.
     */
    private static Optional<Instant> storedAfter(Cursor cursor, String sourceId) {
        if (cursor.isInitial()) {
            return Optional.empty();
        }
        Optional<Instant> after = cursor.instant(AFTER);
        if (after.isEmpty()) {
            log.warn(
                    "The cursor of source {} (version {}) has no readable '{}'; reading from the initial lookback.",
                    sourceId,
                    cursor.version(),
                    AFTER);
        }
        return after;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
