package io.hijackwatch.baseline;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one batch changes in the hourly aggregates (as differences per cell), and which hours of which accounts and
 * channels the detectors must judge again.
 */
final class BatchChanges {

    private static final int EVIDENCE_IDS = 20;

    /** An hour to judge: of an account's SMS (no channel), or of one of its channels. */
    record Touched(String account, String channel, Instant hour) {}

    private final Map<Cell, Tally> deltas = new LinkedHashMap<>();
    private final Map<Touched, Evidence> touched = new LinkedHashMap<>();

    /** The ids and times of the events that touched an hour. */
    static final class Evidence {
        final Deque<String> eventIds = new ArrayDeque<>();
        Instant latest;
        String priceUnit;
        /** Whether a message or event new to the hour touched it, rather than only later records of known ones. */
        boolean added;

        void add(String eventId, Instant time, String unit, boolean isNew) {
            added |= isNew;
            eventIds.remove(eventId);
            eventIds.addLast(eventId);
            if (eventIds.size() > EVIDENCE_IDS) {
                eventIds.removeFirst();
            }
            latest = latest == null || time.isAfter(latest) ? time : latest;
            priceUnit = unit != null ? unit : priceUnit;
        }
    }

    /**
     * A message's record replaces its earlier one ({@code null} when there was none): the cells change by the
     * difference.
     */
    void replace(SmsMessage before, SmsMessage after, Set<String> fraudGuardCodes) {
        if (before != null) {
            addMessage(before, before.tally(fraudGuardCodes).negated());
        }
        addMessage(after, after.tally(fraudGuardCodes));
        if (after.outbound()) {
            Instant hour = after.hour();
            boolean isNew = before == null;
            touch(new Touched(after.account(), null, hour), after.sid(), after.created(), after.priceUnit(), isNew);
            touch(
                    new Touched(after.account(), after.channel(), hour),
                    after.sid(),
                    after.created(),
                    after.priceUnit(),
                    isNew);
        }
    }

    void addChannel(String account, String channel, Instant time, String eventId, Tally tally) {
        Instant hour = Hours.of(time);
        add(new Cell(account, Series.CHANNEL, channel, hour), tally);
        touch(new Touched(account, channel, hour), eventId, time, null, true);
    }

    private void addMessage(SmsMessage message, Tally tally) {
        if (tally.isZero()) {
            return;
        }
        Instant hour = message.hour();
        add(new Cell(message.account(), Series.ACCOUNT, Series.ALL, hour), tally);
        add(new Cell(message.account(), Series.COUNTRY, message.country(), hour), tally);
        add(new Cell(message.account(), Series.PREFIX, message.prefix(), hour), tally);
        add(new Cell(message.account(), Series.CHANNEL, message.channel(), hour), tally);
    }

    private void add(Cell cell, Tally tally) {
        deltas.merge(cell, tally, Tally::plus);
    }

    private void touch(Touched key, String eventId, Instant time, String priceUnit, boolean isNew) {
        touched.computeIfAbsent(key, missing -> new Evidence()).add(eventId, time, priceUnit, isNew);
    }

    /** The cells whose difference is not zero. */
    Map<Cell, Tally> deltas() {
        Map<Cell, Tally> changed = new LinkedHashMap<>();
        deltas.forEach((cell, tally) -> {
            if (!tally.isZero()) {
                changed.put(cell, tally);
            }
        });
        return changed;
    }

    Map<Touched, Evidence> touched() {
        return touched;
    }

    /** The prefix hours whose count of distinct numbers may have changed. */
    List<Cell> prefixHours() {
        return deltas().keySet().stream()
                .filter(cell -> cell.series() == Series.PREFIX)
                .toList();
    }

    boolean isEmpty() {
        return touched.isEmpty();
    }
}
