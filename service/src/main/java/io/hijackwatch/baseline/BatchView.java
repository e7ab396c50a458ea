package io.hijackwatch.baseline;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The aggregates the detectors read while judging one batch, each series read once for every hour the batch
 * touched: a batch of old logs touches hundreds of hours, and each would otherwise read the same weeks again.
 */
final class BatchView {

    private record Key(String account, Series series, String key) {}

    private final BaselineStore store;
    private final long tenantId;
    private final Instant from;
    private final Instant to;
    private final Map<Key, NavigableMap<Instant, Tally>> series = new HashMap<>();
    private final Map<Key, Optional<Instant>> firstHours = new HashMap<>();

    /**
     * @param from the start of the history of the batch's earliest hour
     * @param to the end of the batch's latest hour
     */
    BatchView(BaselineStore store, long tenantId, Instant from, Instant to) {
        this.store = store;
        this.tenantId = tenantId;
        this.from = from;
        this.to = to;
    }

    long tenantId() {
        return tenantId;
    }

    /** The hours of a key in {@code [since, until)} that hold anything. */
    NavigableMap<Instant, Tally> history(String account, Series kind, String key, Instant since, Instant until) {
        NavigableMap<Instant, Tally> all = series.computeIfAbsent(
                new Key(account, kind, key),
                missing -> new TreeMap<>(store.history(tenantId, account, kind, key, from, to)));
        return since.isBefore(until) ? all.subMap(since, true, until, false) : new TreeMap<>();
    }

    Map<String, Tally> hour(String account, Series kind, Instant hour) {
        return store.hour(tenantId, account, kind, hour);
    }

    Optional<Instant> firstHour(String account, Series kind, String key) {
        return firstHours.computeIfAbsent(
                new Key(account, kind, key), missing -> store.firstHour(tenantId, account, kind, key));
    }

    Map<String, Long> totals(String account, Series kind, Instant since, Instant until, int limit) {
        return store.totals(tenantId, account, kind, since, until, limit);
    }
}
