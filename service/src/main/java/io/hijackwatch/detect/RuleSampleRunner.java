package io.hijackwatch.detect;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.EventParsers;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs a rule's own samples through the real parser of its provider and a real engine holding only that rule. A rule
 * whose samples do not behave as they say is not loaded.
 */
final class RuleSampleRunner {

    private final EventParsers parsers;

    RuleSampleRunner(EventParsers parsers) {
        this.parsers = parsers;
    }

    /** What went wrong with the rule's samples; empty when every sample behaves as it says. */
    List<String> failures(Rule rule) {
        EventParser parser =
                parsers.forProvider(Provider.fromId(rule.provider())).orElse(null);
        if (parser == null) {
            return List.of("no parser for provider " + rule.provider() + " to run its samples");
        }
        DetectionEngine engine = new DetectionEngine(List.of(rule));
        List<String> failures = new ArrayList<>();
        for (RuleSample sample : rule.tests()) {
            String failure = run(sample, engine, parser);
            if (failure != null) {
                failures.add("sample '" + sample.name() + "': " + failure);
            }
        }
        return failures;
    }

    private static String run(RuleSample sample, DetectionEngine engine, EventParser parser) {
        DetectionState state = new DetectionState();
        List<String> problems = new ArrayList<>();
        List<NormalizedEvent> given = parse(sample.given(), parser, problems);
        List<NormalizedEvent> events = parse(sample.events(), parser, problems);
        if (!problems.isEmpty()) {
            return "a record does not parse: " + problems.get(0);
        }
        if (events.isEmpty()) {
            return "it has no events";
        }

        given.forEach(event -> engine.evaluate(event, state, Set.of(), finding -> {}));
        List<Finding> findings = new ArrayList<>();
        events.forEach(event -> engine.evaluate(event, state, Set.of(), findings::add));

        if (sample.count() != null && findings.size() != sample.count()) {
            return "expected " + sample.count() + " findings, got " + findings.size();
        }
        if (sample.expectAlert() && findings.isEmpty()) {
            return "expected a finding, got none";
        }
        if (!sample.expectAlert() && !findings.isEmpty()) {
            return "expected no finding, got " + findings.size() + ": "
                    + findings.get(0).summary();
        }
        return null;
    }

    private static List<NormalizedEvent> parse(List<String> records, EventParser parser, List<String> problems) {
        List<NormalizedEvent> events = new ArrayList<>();
        for (String record : records) {
            try {
                parser.parse(new ByteArrayInputStream(record.getBytes(StandardCharsets.UTF_8)), new ParseListener() {
                    @Override
                    public void onEvent(NormalizedEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onRejected(Rejection rejection) {
                        problems.add(rejection.reason());
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }
}
