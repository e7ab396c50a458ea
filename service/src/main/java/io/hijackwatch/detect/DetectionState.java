package io.hijackwatch.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the stateful rules remember, for one tenant (or one scan): when each account was first seen, the terms seen
 * per account, recent event times and values per group, and sequences in progress.
 *
 * <p>Every entry expires with its window, measured in event time, so memory is bounded by what the windows hold and
 * not by the number of events. Entries changed since the last {@link #drainChanges()} are tracked so that a store can
 * write exactly those in the same transaction as the alerts they led to.
 */
public final class DetectionState {

    /** What an entry holds; its code prefixes the stored key. */
    public enum Kind {
        WATCH("w"),
        TERM("t"),
        TIMES("c"),
        VALUES("v"),
        BUCKETS("b"),
        SEQUENCE("s");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Kind fromCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown state kind " + code);
        }
    }

    /** Where an entry lives: the rule (empty for what all rules share), its kind and its key within the rule. */
    public record Key(String ruleId, Kind kind, String key) {}

    /** The changes to write: entries added or changed, and keys removed. */
    public record Changes(Map<Key, Entry> written, Set<Key> removed) {}

    private static final int PRUNE_EVERY = 50_000;

    private final Map<Key, Entry> entries = new HashMap<>();
    private final Set<Key> changed = new HashSet<>();
    private final Set<Key> removed = new HashSet<>();
    private long watermark = Long.MIN_VALUE;
    private long sincePrune;

    /** The account of the previous event: events come in runs of one account, and this spares a lookup each. */
    private String lastWatchedProvider;

    private String lastWatchedAccount;
    private Key lastWatchKey;
    private Entry.Watch lastWatch;

    /** Notes an event of the account at this time; returns when the account was first seen. */
    long watchAccount(String provider, String account, long time) {
        advance(time);
        if (provider.equals(lastWatchedProvider) && account.equals(lastWatchedAccount)) {
            if (time < lastWatch.since) {
                lastWatch.since = time;
                changed.add(lastWatchKey);
            }
            return lastWatch.since;
        }
        Key key = new Key("", Kind.WATCH, provider + '\u001f' + account);
        Entry.Watch watch = (Entry.Watch) entries.get(key);
        if (watch == null) {
            watch = new Entry.Watch(time);
            put(key, watch);
        } else if (time < watch.since) {
            watch.since = time;
            changed.add(key);
        }
        lastWatchedProvider = provider;
        lastWatchedAccount = account;
        lastWatchKey = key;
        lastWatch = watch;
        return watch.since;
    }

    Entry get(Key key) {
        return entries.get(key);
    }

    void put(Key key, Entry entry) {
        entries.put(key, entry);
        changed.add(key);
        removed.remove(key);
    }

    void touched(Key key) {
        changed.add(key);
    }

    void remove(Key key) {
        if (entries.remove(key) != null) {
            changed.remove(key);
            removed.add(key);
        }
    }

    /** Loads an entry as it was stored, without counting it as a change. */
    public void restore(Key key, Entry entry) {
        entries.put(key, entry);
    }

    private void advance(long time) {
        if (time > watermark) {
            watermark = time;
        }
        if (++sincePrune >= PRUNE_EVERY) {
            prune();
        }
    }

    /** Drops every entry whose window has passed, in event time. */
    void prune() {
        sincePrune = 0;
        Iterator<Map.Entry<Key, Entry>> iterator = entries.entrySet().iterator();
        while (iterator.hasNext()) {
            Map.Entry<Key, Entry> entry = iterator.next();
            if (entry.getValue().expiresAt() < watermark) {
                iterator.remove();
                changed.remove(entry.getKey());
                removed.add(entry.getKey());
            }
        }
    }

    /** The changes since the last call, which are then forgotten. */
    public Changes drainChanges() {
        prune();
        Map<Key, Entry> written = new HashMap<>();
        for (Key key : changed) {
            Entry entry = entries.get(key);
            if (entry != null) {
                written.put(key, entry);
            }
        }
        Changes changes = new Changes(written, Set.copyOf(removed));
        changed.clear();
        removed.clear();
        return changes;
    }

    public int size() {
        return entries.size();
    }

    /** The latest event time seen, in epoch milliseconds. */
    public long watermark() {
        return watermark;
    }

    /** A remembered thing. Its payload is plain maps, lists and numbers, for storage as JSON. */
    public sealed interface Entry {

        /** Epoch milliseconds after which the entry no longer matters; {@code Long.MAX_VALUE} for never. */
        long expiresAt();

        Map<String, Object> payload();

        static Entry fromPayload(Kind kind, Map<String, Object> payload, long expiresAt) {
            return switch (kind) {
                case WATCH -> new Watch(number(payload.get("since")));
                case TERM -> new Term(number(payload.get("last")), expiresAt);
                case TIMES ->
                    Times.of(
                            numbers(payload.get("times")),
                            payload.containsKey("weights") ? numbers(payload.get("weights")) : null,
                            expiresAt);
                case VALUES -> Values.of(payload.get("values"), expiresAt);
                case BUCKETS -> Buckets.of(payload, expiresAt);
                case SEQUENCE -> Progress.of(payload, expiresAt);
            };
        }

        private static long number(Object value) {
            return ((Number) value).longValue();
        }

        private static long[] numbers(Object value) {
            List<?> list = (List<?>) value;
            long[] numbers = new long[list.size()];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = ((Number) list.get(i)).longValue();
            }
            return numbers;
        }

        /** When an account was first seen. */
        final class Watch implements Entry {
            long since;

            Watch(long since) {
                this.since = since;
            }

            @Override
            public long expiresAt() {
                return Long.MAX_VALUE;
            }

            @Override
            public Map<String, Object> payload() {
                return Map.of("since", since);
            }
        }

        /** When a term was last seen. */
        final class Term implements Entry {
            long last;
            long expiresAt;

            Term(long last, long expiresAt) {
                this.last = last;
                this.expiresAt = expiresAt;
            }

            @Override
            public long expiresAt() {
                return expiresAt;
            }

            @Override
            public Map<String, Object> payload() {
                return Map.of("last", last);
            }
        }

        /**
         * Recent event times of a group, in order, each with its weight (1, or the value summed by the rule), whose
         * total stays below the rule's threshold.
         */
        final class Times implements Entry {
            long[] times = new long[4];
            long[] weights = new long[4];
            int size;
            long total;
            long expiresAt;

            static Times of(long[] times, long[] weights, long expiresAt) {
                Times entry = new Times();
                for (int i = 0; i < times.length; i++) {
                    entry.add(times[i], weights == null ? 1 : weights[i]);
                }
                entry.expiresAt = expiresAt;
                return entry;
            }

            void add(long time, long weight) {
                if (size == times.length) {
                    times = Arrays.copyOf(times, size * 2);
                    weights = Arrays.copyOf(weights, size * 2);
                }
                int at = size;
                while (at > 0 && times[at - 1] > time) {
                    times[at] = times[at - 1];
                    weights[at] = weights[at - 1];
                    at--;
                }
                times[at] = time;
                weights[at] = weight;
                size++;
                total += weight;
            }

            void dropBefore(long cutoff) {
                int keepFrom = 0;
                while (keepFrom < size && times[keepFrom] < cutoff) {
                    total -= weights[keepFrom];
                    keepFrom++;
                }
                System.arraycopy(times, keepFrom, times, 0, size - keepFrom);
                System.arraycopy(weights, keepFrom, weights, 0, size - keepFrom);
                size -= keepFrom;
            }

            long latest() {
                return size == 0 ? Long.MIN_VALUE : times[size - 1];
            }

            long total() {
                return total;
            }

            @Override
            public long expiresAt() {
                return expiresAt;
            }

            @Override
            public Map<String, Object> payload() {
                List<Long> timeList = new ArrayList<>(size);
                List<Long> weightList = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    timeList.add(times[i]);
                    weightList.add(weights[i]);
                }
                return Map.of("times", timeList, "weights", weightList);
            }
        }

        /**
         * Counts of a group per time bucket over the rule's history, in a ring: the bucket of index {@code i} (time
         * divided by the bucket length) lives at {@code i % counts.length}.
         */
        final class Buckets implements Entry {
            final long[] counts;
            long latest;
            long first;
            boolean fired;
            long expiresAt;

            Buckets(int size, long bucket) {
                counts = new long[size];
                latest = bucket;
                first = bucket;
            }

            static Buckets of(Map<String, Object> payload, long expiresAt) {
                long[] counts = numbers(payload.get("counts"));
                Buckets entry = new Buckets(counts.length, number(payload.get("latest")));
                System.arraycopy(counts, 0, entry.counts, 0, counts.length);
                entry.first = number(payload.get("first"));
                entry.fired = Boolean.TRUE.equals(payload.get("fired"));
                entry.expiresAt = expiresAt;
                return entry;
            }

            /** Moves the ring forward to the bucket, emptying the buckets it passes. */
            void advanceTo(long bucket) {
                if (bucket <= latest) {
                    return;
                }
                long steps = Math.min(bucket - latest, counts.length);
                for (long i = 1; i <= steps; i++) {
                    counts[(int) Math.floorMod(latest + i, (long) counts.length)] = 0;
                }
                latest = bucket;
                fired = false;
            }

            long count(long bucket) {
                return counts[(int) Math.floorMod(bucket, (long) counts.length)];
            }

            void add(long bucket) {
                counts[(int) Math.floorMod(bucket, (long) counts.length)]++;
            }

            /** The busiest bucket of the history before the latest one. */
            long busiestBefore() {
                long busiest = 0;
                for (long bucket = latest - counts.length + 1; bucket < latest; bucket++) {
                    if (bucket >= first) {
                        busiest = Math.max(busiest, count(bucket));
                    }
                }
                return busiest;
            }

            @Override
            public long expiresAt() {
                return expiresAt;
            }

            @Override
            public Map<String, Object> payload() {
                List<Long> list = new ArrayList<>(counts.length);
                for (long count : counts) {
                    list.add(count);
                }
                return Map.of("counts", list, "latest", latest, "first", first, "fired", fired);
            }
        }

        /** Distinct values of a group with when each was last seen. */
        final class Values implements Entry {
            final Map<String, Long> lastSeen = new HashMap<>();
            long expiresAt;

            static Values of(Object payload, long expiresAt) {
                Values entry = new Values();
                ((Map<?, ?>) payload)
                        .forEach((value, time) ->
                                entry.lastSeen.put(String.valueOf(value), ((Number) time).longValue()));
                entry.expiresAt = expiresAt;
                return entry;
            }

            @Override
            public long expiresAt() {
                return expiresAt;
            }

            @Override
            public Map<String, Object> payload() {
                return Map.of("values", Map.copyOf(lastSeen));
            }
        }

        /** How far a sequence has come: when each step was reached, -1 for not yet, and the first step's event. */
        final class Progress implements Entry {
            final long[] stepTimes;
            String firstEventId;
            String firstPrincipal;
            long expiresAt;

            Progress(int steps) {
                stepTimes = new long[steps];
                Arrays.fill(stepTimes, -1);
            }

            static Progress of(Map<String, Object> payload, long expiresAt) {
                long[] times = numbers(payload.get("steps"));
                Progress progress = new Progress(times.length);
                System.arraycopy(times, 0, progress.stepTimes, 0, times.length);
                progress.firstEventId = (String) payload.get("first");
                progress.firstPrincipal = (String) payload.get("principal");
                progress.expiresAt = expiresAt;
                return progress;
            }

            @Override
            public long expiresAt() {
                return expiresAt;
            }

            @Override
            public Map<String, Object> payload() {
                List<Long> steps = new ArrayList<>(stepTimes.length);
                for (long time : stepTimes) {
                    steps.add(time);
                }
                Map<String, Object> payload = new HashMap<>();
                payload.put("steps", steps);
                if (firstEventId != null) {
                    payload.put("first", firstEventId);
                }
                if (firstPrincipal != null) {
                    payload.put("principal", firstPrincipal);
                }
                return payload;
            }
        }
    }
}
