package io.hijackwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DetectionEngineTests {

    private static final Instant T0 = Instant.parse("2024-12-01T00:00:00Z");
    private static final AtomicInteger IDS = new AtomicInteger();

    private final DetectionState state = new DetectionState();

    @Test
    void newTermsStaysQuietWhileTheAccountIsLearningThenFlagsEachNewValueOnce() {
        DetectionEngine engine = engine(rule("when: {action: RunInstances}\n"
                + "mode: {newTerms: {fields: [request.instanceType], history: 14d, learning: 7d}}"));

        List<Finding> learning = feed(engine, launch(T0, "alice", "t3.micro"), launch(days(1), "alice", "p3.2xlarge"));
        List<Finding> known = feed(engine, launch(days(8), "alice", "t3.micro"));
        List<Finding> fresh = feed(engine, launch(days(8), "alice", "p4d.24xlarge"));
        List<Finding> again = feed(engine, launch(days(9), "alice", "p4d.24xlarge"));
        List<Finding> forgotten = feed(engine, launch(days(30), "alice", "p4d.24xlarge"));

        assertThat(learning).isEmpty();
        assertThat(known).isEmpty();
        assertThat(fresh).singleElement().satisfies(f -> assertThat(f.summary()).contains("p4d.24xlarge"));
        assertThat(again).isEmpty();
        assertThat(forgotten).hasSize(1);
    }

    @Test
    void newTermsKeepsAccountsApart() {
        DetectionEngine engine = engine(
                rule("when: {action: RunInstances}\nmode: {newTerms: {fields: [region], history: 14d, learning: 1d}}"));
        feed(engine, event(T0, "a", "RunInstances", "111111111111", "us-east-1", Map.of()));
        feed(engine, event(T0, "b", "RunInstances", "222222222222", "us-east-1", Map.of()));

        List<Finding> firstOfSecondAccount =
                feed(engine, event(days(2), "b", "RunInstances", "222222222222", "eu-west-1", Map.of()));
        List<Finding> knownInFirst =
                feed(engine, event(days(2), "a", "RunInstances", "111111111111", "us-east-1", Map.of()));

        assertThat(firstOfSecondAccount).hasSize(1);
        assertThat(knownInFirst).isEmpty();
    }

    @Test
    void eventCountFiresAtTheThresholdWithinTheTimespanAndStartsOver() {
        DetectionEngine engine = engine(rule("when: {action: RunInstances}\n"
                + "mode: {eventCount: {groupBy: [principal], timespan: 10m, threshold: 3}}"));

        List<Finding> spread = feed(
                engine,
                launch(T0, "bob", "m5.large"),
                launch(minutes(11), "bob", "m5.large"),
                launch(minutes(22), "bob", "m5.large"));
        List<Finding> burst = feed(
                engine,
                launch(minutes(60), "bob", "m5.large"),
                launch(minutes(61), "bob", "m5.large"),
                launch(minutes(62), "bob", "m5.large"));
        List<Finding> afterReset = feed(engine, launch(minutes(63), "bob", "m5.large"));

        assertThat(spread).isEmpty();
        assertThat(burst)
                .singleElement()
                .satisfies(f -> assertThat(f.evidence()).containsEntry("count", 3L));
        assertThat(afterReset).isEmpty();
    }

    @Test
    void eventCountCanSumAFieldInsteadOfCountingEvents() {
        DetectionEngine engine = engine(rule("when: {action: RunInstances}\n"
                + "mode: {eventCount: {groupBy: [principal], timespan: 10m, threshold: 40, sum: request.maxCount}}"));

        List<Finding> small = feed(engine, counted(T0, 10), counted(minutes(1), 10));
        List<Finding> large = feed(engine, counted(minutes(2), 25));

        assertThat(small).isEmpty();
        assertThat(large)
                .singleElement()
                .satisfies(f -> assertThat(f.evidence()).containsEntry("count", 45L));
    }

    @Test
    void valueCountFiresOnDistinctValuesWithinTheTimespan() {
        DetectionEngine engine = engine(rule("when: {action: GetServiceQuota}\n"
                + "mode: {valueCount: {groupBy: [principal], field: region, timespan: 5m, threshold: 3}}"));

        List<Finding> sameRegion =
                feed(engine, quota(T0, "us-east-1"), quota(seconds(1), "us-east-1"), quota(seconds(2), "us-east-1"));
        List<Finding> slow = feed(engine, quota(minutes(10), "eu-west-1"), quota(minutes(20), "ap-south-1"));
        List<Finding> fast =
                feed(engine, quota(minutes(20).plusSeconds(5), "sa-east-1"), quota(minutes(21), "us-west-2"));

        assertThat(sameRegion).isEmpty();
        assertThat(slow).isEmpty();
        assertThat(fast)
                .singleElement()
                .satisfies(f -> assertThat(f.evidence().get("values")).isEqualTo("ap-south-1,sa-east-1,us-west-2"));
    }

    @Test
    void baselineFiresOnceWhenAnHourIsFarAboveTheGroupsBusiestHourOfItsHistory() {
        DetectionEngine engine = engine(rule("when: {action: InvokeModel}\n"
                + "mode: {baseline: {groupBy: [principal], bucket: 1h, history: 14d, learning: 1d,"
                + " factor: 5, minimum: 10}}"));
        List<Finding> early = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            early.addAll(feed(engine, bedrock(seconds(i), "ivan", "InvokeModel")));
        }
        for (int hour = 1; hour <= 30; hour++) {
            feed(engine, bedrock(T0.plus(Duration.ofHours(hour)), "ivan", "InvokeModel"));
            feed(engine, bedrock(T0.plus(Duration.ofHours(hour)).plusSeconds(1), "ivan", "InvokeModel"));
        }

        List<Finding> ordinary = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ordinary.addAll(feed(engine, bedrock(T0.plus(Duration.ofHours(31)).plusSeconds(i), "ivan", "InvokeModel")));
        }
        List<Finding> burst = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            burst.addAll(feed(engine, bedrock(T0.plus(Duration.ofHours(32)).plusSeconds(i), "ivan", "InvokeModel")));
        }

        assertThat(early).as("the first day only teaches").isEmpty();
        assertThat(ordinary)
                .as("9 calls against a busiest hour of 12 is ordinary")
                .isEmpty();
        assertThat(burst)
                .singleElement()
                .satisfies(f ->
                        assertThat(f.evidence()).containsEntry("count", 60L).containsEntry("baseline", 12L));
    }

    @Test
    void sequenceNeedsItsStepsInOrderBySameKeyWithinTheWindow() {
        String sequence = "when: {action: [ListFoundationModels, InvokeModel]}\n"
                + "mode: {sequence: {by: [principal], within: 1h,\n"
                + "  steps: [{action: ListFoundationModels}, {action: InvokeModel}]}}";

        List<Finding> inOrder = feed(
                engine(rule(sequence)),
                bedrock(T0, "eve", "ListFoundationModels"),
                bedrock(minutes(5), "eve", "InvokeModel"));
        List<Finding> reversed = feed(
                engine(rule(sequence)),
                bedrock(T0, "eve", "InvokeModel"),
                bedrock(minutes(5), "eve", "ListFoundationModels"));
        List<Finding> tooLate = feed(
                engine(rule(sequence)),
                bedrock(T0, "eve", "ListFoundationModels"),
                bedrock(minutes(90), "eve", "InvokeModel"));
        List<Finding> otherPrincipal = feed(
                engine(rule(sequence)),
                bedrock(T0, "eve", "ListFoundationModels"),
                bedrock(minutes(5), "mallory", "InvokeModel"));

        assertThat(inOrder)
                .singleElement()
                .satisfies(f -> assertThat(f.eventIds()).hasSize(2));
        assertThat(reversed).isEmpty();
        assertThat(tooLate).isEmpty();
        assertThat(otherPrincipal).isEmpty();
    }

    @Test
    void matchesAnyValueOfAFieldThatHoldsSeveral() {
        DetectionEngine engine = engine(rule("when: {action: RegisterTaskDefinition,\n"
                + "  request.containerDefinitions.image: {contains: xmrig, ignoreCase: true}}"));

        List<Finding> findings = feed(
                engine,
                event(
                        T0,
                        "carol",
                        "RegisterTaskDefinition",
                        "111122223333",
                        "us-east-1",
                        Map.of(
                                "request.containerDefinitions.image",
                                List.of("nginx:1.27", "docker.io/XMRig/xmrig:latest"))),
                event(
                        T0,
                        "carol",
                        "RegisterTaskDefinition",
                        "111122223333",
                        "us-east-1",
                        Map.of("request.containerDefinitions.image", List.of("nginx:1.27", "redis:7"))));

        assertThat(findings).hasSize(1);
    }

    @Test
    void raisesTheSeverityWhenAnOverrideMatches() {
        DetectionEngine engine = engine(rule("when: {action: RunInstances}\nseverityIf:\n"
                + "  - when: {request.maxCount: {gte: 10}}\n    severity: critical"));

        List<Finding> findings = feed(engine, counted(T0, 2), counted(T0, 50));

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.MEDIUM, Severity.CRITICAL);
    }

    @Test
    void skipsRulesTheTenantTurnedOff() {
        Rule rule = rule("when: {action: RunInstances}");
        List<Finding> findings = new ArrayList<>();

        engine(rule).evaluate(launch(T0, "dave", "m5.large"), state, Set.of(rule.id()), findings::add);

        assertThat(findings).isEmpty();
    }

    @Test
    void ignoresAutomationPrincipalsOnlyForRulesThatAskForIt() {
        Rule strict = rule("when: {action: RunInstances}");
        Rule lenient = new RuleParser()
                .parse(
                        template("when: {action: RunInstances}").replace("local.engine.test", "local.engine.lenient")
                                + "excludeAutomation: true\n",
                        "lenient.yaml");
        DetectionEngine engine =
                new DetectionEngine(List.of(strict, lenient), AutomationPrincipals.of(List.of("role/terraform-")));
        NormalizedEvent pipeline = event(
                T0,
                "x",
                "RunInstances",
                "111122223333",
                "us-east-1",
                Map.of("identity.sessionIssuer", "arn:aws:iam::111122223333:role/terraform-apply"));

        List<Finding> findings = feed(engine, pipeline);

        assertThat(findings).extracting(f -> f.rule().id()).containsExactly("local.engine.test");
    }

    @Test
    void forgetsStateOnceItsWindowHasPassedSoMemoryStaysBounded() {
        DetectionEngine engine = engine(rule("when: {action: RunInstances}\n"
                + "mode: {newTerms: {fields: [request.instanceType], history: 1d, learning: 1d}}"));
        for (int i = 0; i < 1000; i++) {
            feed(engine, launch(T0.plus(Duration.ofMinutes(i)), "erin", "type-" + i));
        }

        feed(engine, launch(days(10), "erin", "m5.large"));
        state.drainChanges();

        assertThat(state.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void triesOnlyTheRulesFiledUnderTheEventsServiceAndAction() {
        Rule ec2 = rule("when: {service: ec2.amazonaws.com, action: [RunInstances, CreateFleet]}");
        Rule anyAction = new RuleParser()
                .parse(
                        template("when: {service: s3.amazonaws.com}").replace("local.engine.test", "local.engine.s3"),
                        "s3.yaml");
        RuleIndex index = new RuleIndex(List.of(ec2, anyAction));

        assertThat(index.candidates(launch(T0, "f", "m5.large"))).containsExactly(ec2);
        assertThat(index.candidates(event(T0, "f", "GetObject", "1", "us-east-1", Map.of(), "s3.amazonaws.com")))
                .containsExactly(anyAction);
        assertThat(index.candidates(event(T0, "f", "StopInstances", "1", "us-east-1", Map.of())))
                .isEmpty();
    }

    private List<Finding> feed(DetectionEngine engine, NormalizedEvent... events) {
        List<Finding> findings = new ArrayList<>();
        for (NormalizedEvent event : events) {
            engine.evaluate(event, state, Set.of(), findings::add);
        }
        return findings;
    }

    private static DetectionEngine engine(Rule rule) {
        return new DetectionEngine(List.of(rule));
    }

    private static Rule rule(String whenAndMode) {
        return new RuleParser().parse(template(whenAndMode), "test.yaml");
    }

    private static String template(String whenAndMode) {
        return """
                id: local.engine.test
                title: Engine test
                description: A rule for the engine's own tests.
                technique: T1496.001
                severity: medium
                provider: aws
                references: [https://example.org]
                runbook: [Look.]
                summary: "{principal} did {action} with {request.instanceType}"
                dedup: {key: [account, principal], window: 6h}
                tests:
                  - {name: a, expect: alert, events: ["{}"]}
                  - {name: b, expect: none, events: ["{}"]}
                """ + whenAndMode + "\n";
    }

    private static NormalizedEvent launch(Instant time, String user, String instanceType) {
        return event(
                time, user, "RunInstances", "111122223333", "us-east-1", Map.of("request.instanceType", instanceType));
    }

    private static NormalizedEvent counted(Instant time, long maxCount) {
        return event(time, "grace", "RunInstances", "111122223333", "us-east-1", Map.of("request.maxCount", maxCount));
    }

    private static NormalizedEvent quota(Instant time, String region) {
        return event(time, "heidi", "GetServiceQuota", "111122223333", region, Map.of());
    }

    private static NormalizedEvent bedrock(Instant time, String user, String action) {
        return event(time, user, action, "111122223333", "us-east-1", Map.of(), "bedrock.amazonaws.com");
    }

    private static NormalizedEvent event(
            Instant time, String user, String action, String account, String region, Map<String, Object> attributes) {
        return event(time, user, action, account, region, attributes, "ec2.amazonaws.com");
    }

    private static NormalizedEvent event(
            Instant time,
            String user,
            String action,
            String account,
            String region,
            Map<String, Object> attributes,
            String service) {
        return new NormalizedEvent(
                Provider.AWS,
                "e-" + IDS.incrementAndGet(),
                account,
                region,
                time,
                service,
                action,
                "arn:aws:iam::" + account + ":user/" + user,
                "198.51.100.1",
                "aws-cli/2",
                Outcome.SUCCESS,
                null,
                null,
                new HashMap<>(attributes));
    }

    private static Instant days(int days) {
        return T0.plus(Duration.ofDays(days));
    }

    private static Instant minutes(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Instant seconds(int seconds) {
        return T0.plus(Duration.ofSeconds(seconds));
    }
}
