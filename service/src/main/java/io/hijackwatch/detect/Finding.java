package io.hijackwatch.detect;

import io.hijackwatch.collector.NormalizedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One rule firing on one event (with the state that led to it), before findings are merged into alerts.
 *
 * @param dedupKey the values of the rule's dedup fields, joined: findings with the same key within the rule's window
 *     are one alert
 * @param eventIds the provider event ids that make up the finding, the triggering one last
 * @param evidence the fields of the triggering event that the rule reads, with their values
 * @param restatement whether the finding judges again what an earlier finding judged, with nothing new in it (an
 *     hour of messages re-judged once their prices or statuses filled in): it updates the alert's summary and
 *     evidence but is no further occurrence, so it leaves the alert's count alone
 */
public record Finding(
        Rule rule,
        Severity severity,
        String provider,
        String account,
        String region,
        String principal,
        Instant time,
        String dedupKey,
        String summary,
        List<String> eventIds,
        Map<String, Object> evidence,
        boolean restatement) {

    static Finding of(Rule rule, NormalizedEvent event, List<String> eventIds, Map<String, Object> extraEvidence) {
        Map<String, Object> evidence = new java.util.TreeMap<>();
        for (String name : rule.evidenceFields()) {
            Object value = Field.of(name).read(event);
            if (value != null) {
                evidence.put(name, value);
            }
        }
        evidence.putAll(extraEvidence);
        return new Finding(
                rule,
                rule.severityFor(event),
                event.provider().id(),
                event.account(),
                event.region(),
                principal(event, extraEvidence),
                event.time(),
                dedupKey(rule, event),
                Summaries.render(rule.summary(), event, extraEvidence),
                List.copyOf(eventIds),
                Map.copyOf(evidence),
                false);
    }

    /** A sequence is the doing of whoever started it; other findings, of the event's principal. */
    private static String principal(NormalizedEvent event, Map<String, Object> extraEvidence) {
        Object first = extraEvidence.get("firstStep.principal");
        return first instanceof String principal ? principal : event.principal();
    }

    private static String dedupKey(Rule rule, NormalizedEvent event) {
        StringBuilder key = new StringBuilder();
        for (Field field : rule.dedupKey()) {
            if (!key.isEmpty()) {
                key.append('|');
            }
            String text = field.text(event);
            key.append(text == null ? "" : text);
        }
        return key.toString();
    }
}
