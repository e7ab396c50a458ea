package io.hijackwatch.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An alert as the API shows it. */
public record AlertView(
        long id,
        String ruleId,
        String title,
        String severity,
        String technique,
        String provider,
        String account,
        String region,
        String principal,
        Instant firstSeen,
        Instant lastSeen,
        long count,
        String status,
        String summary,
        EvidenceView evidence,
        List<String> runbook) {

    /** The provider event ids behind the alert (the latest ones) and the values the rule read. */
    public record EvidenceView(List<String> eventIds, Map<String, Object> fields) {}

    static AlertView of(Alert alert) {
        return new AlertView(
                alert.id(),
                alert.ruleId(),
                alert.title(),
                alert.severity().id(),
                alert.technique(),
                alert.provider(),
                alert.account(),
                alert.region(),
                alert.principal(),
                alert.firstSeen(),
                alert.lastSeen(),
                alert.count(),
                alert.status().id(),
                alert.summary(),
                new EvidenceView(alert.evidence().eventIds(), alert.evidence().fields()),
                alert.runbook());
    }
}
