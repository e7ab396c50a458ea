package io.hijackwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuleParserTests {

    private static final String VALID = """
            id: local.test.rule
            title: A rule
            description: What it catches.
            technique: T1496.001
            severity: medium
            provider: aws
            references: [https://example.org/research]
            runbook: [Check the principal.]
            when: {service: ec2.amazonaws.com, action: RunInstances}
            summary: "{principal} launched"
            dedup: {key: [account, principal], window: 6h}
            tests:
              - name: hit
                expect: alert
                events: [{eventTime: "2024-12-16T18:00:00Z", eventSource: ec2.amazonaws.com,
                          eventName: RunInstances, eventID: a}]
              - name: miss
                expect: none
                events: [{eventTime: "2024-12-16T18:00:00Z", eventSource: ec2.amazonaws.com,
                          eventName: StopInstances, eventID: b}]
            """;

    private final RuleParser parser = new RuleParser();

    @Test
    void readsAValidRule() {
        Rule rule = parser.parse(VALID, "valid.yaml");

        assertThat(rule.id()).isEqualTo("local.test.rule");
        assertThat(rule.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(rule.mode()).isInstanceOf(Mode.EveryEvent.class);
        assertThat(rule.dedupWindow()).hasHours(6);
        assertThat(rule.tests()).hasSize(2);
        assertThat(rule.evidenceFields()).contains("service", "action", "principal");
    }

    @Test
    void leavesTheSamplesOfAShippedRuleUnread() {
        String brokenSamples = VALID.substring(0, VALID.indexOf("tests:")) + "tests:\n  - {this is: [not valid\n";

        Rule rule = parser.parse(brokenSamples, "shipped.yaml", RuleParser.Samples.SKIPPED);

        assertThat(rule.id()).isEqualTo("local.test.rule");
        assertThat(rule.tests()).isEmpty();
        assertThatThrownBy(() -> parser.parse(brokenSamples, "operator.yaml", RuleParser.Samples.READ))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void refusesARuleWithoutANegativeSample() {
        String onlyPositive = VALID.replace("expect: none", "expect: alert");

        assertThatThrownBy(() -> parser.parse(onlyPositive, "r.yaml"))
                .isInstanceOf(RuleDefinitionException.class)
                .hasMessageContaining("at least one sample that alerts and one that does not");
    }

    @Test
    void refusesARuleWithoutSamples() {
        String noTests = VALID.substring(0, VALID.indexOf("tests:"));

        assertThatThrownBy(() -> parser.parse(noTests, "r.yaml")).hasMessageContaining("missing tests");
    }

    @Test
    void refusesAnUnknownTechniqueSeverityOrProvider() {
        assertThatThrownBy(() -> parser.parse(VALID.replace("T1496.001", "T1078"), "r.yaml"))
                .hasMessageContaining("technique must be one of");
        assertThatThrownBy(() -> parser.parse(VALID.replace("severity: medium", "severity: urgent"), "r.yaml"))
                .hasMessageContaining("severity must be one of");
        assertThatThrownBy(() -> parser.parse(VALID.replace("provider: aws", "provider: oracle"), "r.yaml"))
                .hasMessageContaining("provider must be one of");
    }

    @Test
    void refusesARuleWithoutARunbookOrReferences() {
        assertThatThrownBy(() -> parser.parse(VALID.replace("runbook: [Check the principal.]\n", ""), "r.yaml"))
                .hasMessageContaining("runbook must list at least one entry");
        assertThatThrownBy(
                        () -> parser.parse(VALID.replace("references: [https://example.org/research]\n", ""), "r.yaml"))
                .hasMessageContaining("references must list at least one entry");
    }

    @Test
    void refusesMisspelledKeysAndOperators() {
        assertThatThrownBy(() -> parser.parse(VALID.replace("runbook:", "runbok:"), "r.yaml"))
                .hasMessageContaining("unknown key 'runbok'");
        assertThatThrownBy(() ->
                        parser.parse(VALID.replace("action: RunInstances}", "action: {startsWith: Run}}"), "r.yaml"))
                .hasMessageContaining("unknown operator 'startsWith'");
    }

    @Test
    void refusesABadIdDurationOrRegex() {
        assertThatThrownBy(() -> parser.parse(VALID.replace("local.test.rule", "Local Rule"), "r.yaml"))
                .hasMessageContaining("id must be dotted lower case");
        assertThatThrownBy(() -> parser.parse(VALID.replace("window: 6h", "window: six hours"), "r.yaml"))
                .hasMessageContaining("dedup.window must be a duration");
        assertThatThrownBy(() ->
                        parser.parse(VALID.replace("action: RunInstances}", "action: {regex: \"Run(\"}}"), "r.yaml"))
                .hasMessageContaining("not a valid regular expression");
    }

    @Test
    void refusesAThresholdThatIsNotAPositiveWholeNumber() {
        String counted = VALID.replace(
                "summary:", "mode: {eventCount: {groupBy: [principal], timespan: 5m, threshold: 0.5}}\nsummary:");

        assertThatThrownBy(() -> parser.parse(counted, "r.yaml")).hasMessageContaining("threshold must be a whole");
    }

    @Test
    void namesTheFileAndRuleInEveryProblem() {
        assertThatThrownBy(() -> parser.parse(VALID.replace("severity: medium", "severity: x"), "rules/a.yaml"))
                .hasMessageStartingWith("rules/a.yaml (local.test.rule): ");
        assertThatThrownBy(() -> parser.parse("- not a map", "rules/b.yaml")).hasMessageStartingWith("rules/b.yaml: ");
    }
}
