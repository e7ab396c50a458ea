package io.hijackwatch.detect;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.detect.DetectionState.Entry;
import io.hijackwatch.detect.DetectionState.Key;
import io.hijackwatch.detect.DetectionState.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Evaluates events against the rules that can match them and turns matches into findings, using and updating the
 * state of the stateful modes. One engine serves every tenant; the state is the caller's.
 */
public final class DetectionEngine {

    private static final char SEPARATOR = '\u001f';

    private final List<Rule> rules;
    private final RuleIndex index;
    private final AutomationPrincipals automation;

    public DetectionEngine(List<Rule> rules) {
        this(rules, AutomationPrincipals.NONE);
    }

    public DetectionEngine(List<Rule> rules, AutomationPrincipals automation) {
        this.rules = List.copyOf(rules);
        this.index = new RuleIndex(this.rules);
        this.automation = automation;
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * @param disabledRules ids of rules the tenant has turned off
     */
    public void evaluate(
            NormalizedEvent event, DetectionState state, Set<String> disabledRules, Consumer<Finding> findings) {
        long time = event.time().toEpochMilli();
        long watchedSince = event.account() == null
                ? time
                : state.watchAccount(event.provider().id(), event.account(), time);

        for (Rule rule : index.candidates(event)) {
            if (disabledRules.contains(rule.id()) || !rule.applies(event)) {
                continue;
            }
            if (rule.excludeAutomation() && automation.matches(event)) {
                continue;
            }
            Finding finding = apply(rule, event, time, watchedSince, state);
            if (finding != null) {
                findings.accept(finding);
            }
        }
    }

    private static Finding apply(Rule rule, NormalizedEvent event, long time, long watchedSince, DetectionState state) {
        Mode mode = rule.mode();
        if (mode instanceof Mode.NewTerms newTerms) {
            return newTerm(rule, newTerms, event, time, watchedSince, state);
        }
        if (mode instanceof Mode.EventCount count) {
            return eventCount(rule, count, event, time, state);
        }
        if (mode instanceof Mode.ValueCount count) {
            return valueCount(rule, count, event, time, state);
        }
        if (mode instanceof Mode.Sequence sequence) {
            return sequence(rule, sequence, event, time, state);
        }
        if (mode instanceof Mode.Baseline baseline) {
            return baseline(rule, baseline, event, time, state);
        }
        return Finding.of(rule, event, List.of(event.eventId()), Map.of());
    }

    private static Finding newTerm(
            Rule rule, Mode.NewTerms mode, NormalizedEvent event, long time, long watchedSince, DetectionState state) {
        String term = joined(mode.fields(), event);
        if (term == null) {
            return null;
        }
        Key key = new Key(rule.id(), Kind.TERM, event.account() + SEPARATOR + term);
        Entry.Term seen = (Entry.Term) state.get(key);
        boolean known = seen != null && time - seen.last <= mode.history().toMillis();
        if (seen == null) {
            seen = new Entry.Term(time, 0);
            state.put(key, seen);
        } else {
            seen.last = Math.max(seen.last, time);
            state.touched(key);
        }
        seen.expiresAt = seen.last + mode.history().toMillis();

        boolean learning = time - watchedSince < mode.learning().toMillis();
        if (known || learning) {
            return null;
        }
        return Finding.of(rule, event, List.of(event.eventId()), Map.of("term", term.replace(SEPARATOR, ',')));
    }

    private static Finding eventCount(
            Rule rule, Mode.EventCount mode, NormalizedEvent event, long time, DetectionState state) {
        String group = group(mode.groupBy(), event);
        Key key = new Key(rule.id(), Kind.TIMES, group);
        Entry.Times times = (Entry.Times) state.get(key);
        if (times == null) {
            times = new Entry.Times();
            state.put(key, times);
        } else {
            state.touched(key);
        }
        times.add(time, weight(mode.sum(), event));
        times.dropBefore(times.latest() - mode.timespan().toMillis());
        times.expiresAt = times.latest() + mode.timespan().toMillis();
        if (times.total() < mode.threshold()) {
            return null;
        }
        long total = times.total();
        state.remove(key);
        return Finding.of(rule, event, List.of(event.eventId()), Map.of("count", total));
    }

    /** What an event adds to a count: 1, or the sum of the field's values when the rule sums one. */
    private static long weight(Field sum, NormalizedEvent event) {
        if (sum == null) {
            return 1;
        }
        Object value = sum.read(event);
        long total = 0;
        boolean any = false;
        for (Object each : value instanceof List<?> list ? list : value == null ? List.of() : List.of(value)) {
            java.math.BigDecimal number = ValueMatcher.number(each);
            if (number != null && number.signum() > 0) {
                total += number.min(java.math.BigDecimal.valueOf(1_000_000)).longValue();
                any = true;
            }
        }
        return any ? total : 1;
    }

    private static Finding valueCount(
            Rule rule, Mode.ValueCount mode, NormalizedEvent event, long time, DetectionState state) {
        Object value = mode.field().read(event);
        if (value == null) {
            return null;
        }
        Key key = new Key(rule.id(), Kind.VALUES, group(mode.groupBy(), event));
        Entry.Values values = (Entry.Values) state.get(key);
        if (values == null) {
            values = new Entry.Values();
            state.put(key, values);
        } else {
            state.touched(key);
        }
        for (Object each : value instanceof List<?> list ? list : List.of(value)) {
            values.lastSeen.merge(String.valueOf(each), time, Math::max);
        }
        long latest = values.lastSeen.values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(time);
        values.lastSeen
                .values()
                .removeIf(seen -> seen < latest - mode.timespan().toMillis());
        values.expiresAt = latest + mode.timespan().toMillis();
        if (values.lastSeen.size() < mode.threshold()) {
            return null;
        }
        Set<String> distinct = new TreeSet<>(values.lastSeen.keySet());
        state.remove(key);
        return Finding.of(
                rule,
                event,
                List.of(event.eventId()),
                Map.of("count", distinct.size(), "values", String.join(",", distinct)));
    }

    private static Finding baseline(
            Rule rule, Mode.Baseline mode, NormalizedEvent event, long time, DetectionState state) {
        long length = mode.bucket().toMillis();
        long bucket = Math.floorDiv(time, length);
        int size = (int) (mode.history().toMillis() / length) + 1;
        Key key = new Key(rule.id(), Kind.BUCKETS, group(mode.groupBy(), event));
        Entry.Buckets buckets = (Entry.Buckets) state.get(key);
        if (buckets == null || buckets.counts.length != size) {
            buckets = new Entry.Buckets(size, bucket);
            state.put(key, buckets);
        } else {
            state.touched(key);
        }
        if (bucket <= buckets.latest - size) {
            return null;
        }
        buckets.advanceTo(bucket);
        buckets.first = Math.min(buckets.first, bucket);
        buckets.add(bucket);
        buckets.expiresAt = (buckets.latest + 1) * length + mode.history().toMillis();

        boolean learned =
                (buckets.latest - buckets.first) * length >= mode.learning().toMillis();
        if (bucket != buckets.latest || buckets.fired || !learned) {
            return null;
        }
        long count = buckets.count(bucket);
        long usual = buckets.busiestBefore();
        if (count < mode.minimum() || count < mode.factor() * usual) {
            return null;
        }
        buckets.fired = true;
        return Finding.of(rule, event, List.of(event.eventId()), Map.of("count", count, "baseline", usual));
    }

    private static Finding sequence(
            Rule rule, Mode.Sequence mode, NormalizedEvent event, long time, DetectionState state) {
        List<Mode.Sequence.Step> steps = mode.steps();
        long within = mode.within().toMillis();

        for (int step = steps.size() - 1; step >= 0; step--) {
            if (!steps.get(step).condition().test(event)) {
                continue;
            }
            Key key = new Key(rule.id(), Kind.SEQUENCE, group(steps.get(step).by(), event));
            Entry.Progress progress = (Entry.Progress) state.get(key);
            if (step == 0) {
                if (progress == null || progress.stepTimes[0] < 0 || time - progress.stepTimes[0] > within) {
                    progress = new Entry.Progress(steps.size());
                    progress.stepTimes[0] = time;
                    progress.firstEventId = event.eventId();
                    progress.firstPrincipal = event.principal();
                    progress.expiresAt = time + within;
                    state.put(key, progress);
                }
                return null;
            }
            if (progress != null && reached(progress, step - 1, time, within)) {
                if (step == steps.size() - 1) {
                    state.remove(key);
                    List<String> ids = new ArrayList<>();
                    ids.add(progress.firstEventId);
                    ids.add(event.eventId());
                    Map<String, Object> first = progress.firstPrincipal == null
                            ? Map.of()
                            : Map.of("firstStep.principal", progress.firstPrincipal);
                    return Finding.of(rule, event, ids, first);
                }
                progress.stepTimes[step] = Math.max(progress.stepTimes[step], time);
                state.touched(key);
                return null;
            }
        }
        return null;
    }

    private static boolean reached(Entry.Progress progress, int step, long time, long within) {
        long start = progress.stepTimes[0];
        return progress.stepTimes[step] >= 0
                && start >= 0
                && time >= progress.stepTimes[step]
                && time - start <= within;
    }

    /** The account and the values of the fields, joined; a missing value counts as empty. */
    private static String group(List<Field> fields, NormalizedEvent event) {
        StringBuilder group = new StringBuilder(String.valueOf(event.account()));
        for (Field field : fields) {
            String text = field.text(event);
            group.append(SEPARATOR).append(text == null ? "" : text);
        }
        return group.toString();
    }

    /** The values of the fields joined, or {@code null} when any is missing. */
    private static String joined(List<Field> fields, NormalizedEvent event) {
        StringBuilder joined = new StringBuilder();
        for (Field field : fields) {
            String text = field.text(event);
            if (text == null) {
                return null;
            }
            if (!joined.isEmpty()) {
                joined.append(SEPARATOR);
            }
            joined.append(text);
        }
        return joined.toString();
    }
}
