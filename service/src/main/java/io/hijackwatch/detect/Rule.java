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

    /**
     * A rule whose findings a detector in code makes: it is listed, documented and switched per tenant like the rules
     * from files, but the engine never evaluates it and it has no samples (its detector's tests stand for them).
     */
    public static Rule inCode(
            String id,
            String title,
            String description,
            String technique,
            Severity severity,
            String provider,
            List<String> references,
            List<String> runbook,
            List<String> falsePositives,
            Duration dedupWindow) {
        return new Rule(
                id,
                title,
                description,
                technique,
                severity,
                provider,
                List.copyOf(references),
                List.copyOf(runbook),
                List.copyOf(falsePositives),
                new Condition.Any(List.of()),
                new Condition.Any(List.of()),
                List.of(),
                new Mode.InCode(),
                title,
                List.of(Field.of("account")),
                dedupWindow,
                List.of(),
                Set.of(),
                false,
                "code");
    }

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
