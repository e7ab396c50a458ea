package io.hijackwatch.detect;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A loaded, linted detection rule (see docs/rules.md).
 *
 * @param when which events the rule looks at
 * @param unless exclusions: matching events are ignored
 * @param evidenceFields the fields a finding records from its event
 * @param excludeAutomation whether events of the configured automation principals are ignored
 */
public record Rule(
        String id,
        String title,
        String description,
        String technique,
        Severity severity,
        String provider,
        List<String> references,
        List<String> runbook,
        List<String> falsePositives,
        Condition when,
        Condition unless,
        List<SeverityOverride> severityIf,
        Mode mode,
        String summary,
        List<Field> dedupKey,
        Duration dedupWindow,
        List<RuleSample> tests,
        Set<String> evidenceFields,
        boolean excludeAutomation,
        String source) {

    /** A severity that replaces the rule's own when its condition holds. */
    record SeverityOverride(Condition when, Severity severity) {}

    /** Whether the rule looks at this event at all. */
    boolean applies(io.hijackwatch.collector.NormalizedEvent event) {
        return when.test(event) && !unless.test(event);
    }

    Severity severityFor(io.hijackwatch.collector.NormalizedEvent event) {
        for (SeverityOverride override : severityIf) {
            if (override.when().test(event)) {
                return override.severity();
            }
        }
        return severity;
    }
}
