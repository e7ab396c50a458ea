package io.hijackwatch.scan;

import java.util.HashMap;
import java.util.Map;

/** Counts of one scan, or of one file before it is merged into the scan's. */
final class ScanTally {

    /** A service and an action, the key of the summary. */
    record Action(String service, String action) {}

    long files;
    long unreadableFiles;
    long unrecognizedFiles;
    long events;
    long rejected;
    long skipped;
    final Map<Action, long[]> perAction = new HashMap<>();
    private final Map<String, Map<String, long[]>> counting = new HashMap<>();

    /** Counts an event; nested maps keyed by the event's own strings spare an allocation per event. */
    void countEvent(String service, String action) {
        events++;
        counting.computeIfAbsent(service, key -> new HashMap<>())
                .computeIfAbsent(
                        action, key -> perAction.computeIfAbsent(new Action(service, action), a -> new long[1]))[0]++;
    }

    synchronized void add(ScanTally other) {
        files += other.files;
        unreadableFiles += other.unreadableFiles;
        unrecognizedFiles += other.unrecognizedFiles;
        events += other.events;
        rejected += other.rejected;
        skipped += other.skipped;
        other.perAction.forEach((key, count) -> perAction.computeIfAbsent(key, k -> new long[1])[0] += count[0]);
    }
}
