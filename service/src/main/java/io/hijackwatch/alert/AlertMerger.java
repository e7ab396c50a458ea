package io.hijackwatch.alert;

import io.hijackwatch.detect.Finding;
import io.hijackwatch.detect.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Merges findings into alerts in memory, for the offline scan: findings of one rule with the same dedup key within
 * the rule's window (counted from the alert's first finding) are one alert. The service does the same against its
 * alert table.
 */
public final class AlertMerger {

    public static final int MAX_EVIDENCE_EVENTS = 20;

    private final Map<String, Alert> latestByKey = new HashMap<>();
    private final List<Alert> closed = new ArrayList<>();

    public void add(Finding finding) {
        String key = finding.rule().id() + '\u001f' + finding.dedupKey();
        Alert current = latestByKey.get(key);
        Duration window = finding.rule().dedupWindow();
        if (current != null && withinWindow(current, finding.time(), window)) {
            latestByKey.put(key, merge(current, finding));
            return;
        }
        if (current != null) {
            closed.add(current);
        }
        latestByKey.put(key, open(finding));
    }

    /** Every alert, in the order of their first findings. */
    public List<Alert> alerts() {
        List<Alert> all = new ArrayList<>(closed);
        all.addAll(latestByKey.values());
        all.sort(Comparator.comparing(Alert::firstSeen).thenComparing(Alert::ruleId));
        return all;
    }

    static boolean withinWindow(Alert alert, Instant time, Duration window) {
        return !time.isBefore(alert.firstSeen().minus(window))
                && !time.isAfter(alert.firstSeen().plus(window));
    }

    static Alert open(Finding finding) {
        return new Alert(
                0,
                finding.rule().id(),
                finding.rule().title(),
                finding.severity(),
                finding.rule().technique(),
                finding.provider(),
                finding.account(),
                finding.region(),
                finding.principal(),
                finding.time(),
                finding.time(),
                1,
                AlertStatus.OPEN,
                finding.summary(),
                new Alert.Evidence(lastEvents(finding.eventIds()), finding.evidence()),
                finding.rule().runbook());
    }

    static Alert merge(Alert alert, Finding finding) {
        boolean later = finding.time().isAfter(alert.lastSeen())
                || finding.restatement() && !finding.time().isBefore(alert.lastSeen());
        LinkedHashSet<String> eventIds = new LinkedHashSet<>(alert.evidence().eventIds());
        eventIds.addAll(finding.eventIds());
        return new Alert(
                alert.id(),
                alert.ruleId(),
                alert.title(),
                higher(alert.severity(), finding.severity()),
                alert.technique(),
                alert.provider(),
                alert.account(),
                alert.region(),
                alert.principal(),
                finding.time().isBefore(alert.firstSeen()) ? finding.time() : alert.firstSeen(),
                later ? finding.time() : alert.lastSeen(),
                finding.restatement() ? alert.count() : alert.count() + 1,
                alert.status(),
                later ? finding.summary() : alert.summary(),
                new Alert.Evidence(
                        lastEvents(eventIds),
                        later ? finding.evidence() : alert.evidence().fields()),
                alert.runbook());
    }

    private static List<String> lastEvents(Collection<String> eventIds) {
        List<String> all = new ArrayList<>(eventIds);
        return List.copyOf(all.subList(Math.max(0, all.size() - MAX_EVIDENCE_EVENTS), all.size()));
    }

    private static Severity higher(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
