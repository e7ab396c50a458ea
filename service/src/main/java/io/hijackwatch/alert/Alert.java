package io.hijackwatch.alert;

import io.hijackwatch.detect.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One incident: the findings of a rule with the same dedup key within the rule's window, merged.
 *
 * @param id the alert's id within its tenant ({@code 0} before it is stored)
 * @param evidence the provider event ids (at most {@value AlertMerger#MAX_EVIDENCE_EVENTS}, the latest kept) and the
 *     fields that made the rule fire
 */
public record Alert(
        long id,
        String ruleId,
        String title,
        Severity severity,
        String technique,
        String provider,
        String account,
        String region,
        String principal,
        Instant firstSeen,
        Instant lastSeen,
        long count,
        AlertStatus status,
        String summary,
        Evidence evidence,
        List<String> runbook) {

    /** What made the rule fire: the events and the values it read. */
    public record Evidence(List<String> eventIds, Map<String, Object> fields) {}
}
