package io.hijackwatch.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads and lints one rule file. Everything wrong with it is reported as a {@link RuleDefinitionException}. */
final class RuleParser {

    static final Set<String> TECHNIQUES = Set.of("T1496", "T1496.001", "T1496.002", "T1496.003", "T1496.004");
    static final Set<String> PROVIDERS = Set.of("aws", "azure", "gcp", "twilio");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(\\.[a-z0-9_]+)+");
    private static final Set<String> KEYS = Set.of(
            "id",
            "title",
            "description",
            "technique",
            "severity",
            "provider",
            "references",
            "runbook",
            "falsePositives",
            "when",
            "unless",
            "severityIf",
            "mode",
            "summary",
            "dedup",
            "tests",
            "excludeAutomation");
    private static final Set<String> MODES = Set.of("newTerms", "eventCount", "valueCount", "sequence", "baseline");

    /** A top-level {@code tests:} key with nothing after it on its line, as rule files write it. */
    private static final Pattern TESTS_AT_END = Pattern.compile("^tests:[ \\t]*$", Pattern.MULTILINE);

    private final YamlTree yaml = new YamlTree();

    Rule parse(String text, String source) {
        return parse(text, source, Samples.READ);
    }

    /** Whether a rule's samples are read along with it. */
    enum Samples {
        READ,
        /**
         * Left unread, for a shipped rule whose samples already passed in the build: they are most of a rule file, and
         * reading them made every start slower. Only a rule whose {@code tests} come last can be read this way.
         */
        SKIPPED
    }

    Rule parse(String text, String source, Samples samples) {
        boolean skipSamples =
                samples == Samples.SKIPPED && TESTS_AT_END.matcher(text).find();
        String read = skipSamples ? text.substring(0, testsStart(text)) : text;
        JsonNode root;
        try {
            root = yaml.read(read);
        } catch (JacksonException e) {
            throw new RuleDefinitionException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RuleDefinitionException(source + ": a rule file must hold one YAML map");
        }
        String id = text(root, "id", source);
        String where = source + " (" + id + ")";
        try {
            return build(root, id, where, source, skipSamples);
        } catch (RuleDefinitionException e) {
            throw new RuleDefinitionException(where + ": " + e.getMessage());
        }
    }

    private Rule build(JsonNode root, String id, String where, String source, boolean skipSamples) {
        rejectUnknownKeys(root);
        if (!ID.matcher(id).matches()) {
            throw new RuleDefinitionException("id must be dotted lower case, like aws.ec2.gpu_instance_launched");
        }
        String provider = oneOf(root, "provider", PROVIDERS);
        ConditionParser conditions = new ConditionParser(provider.equals("azure"));
        Condition when = conditions.parse(required(root, "when"), "when");
        Set<String> evidence = new LinkedHashSet<>();
        when.collectFields(evidence);
        Mode mode = mode(root.get("mode"), conditions, evidence);
        List<Rule.SeverityOverride> severityIf = severityOverrides(root.get("severityIf"), conditions);
        severityIf.forEach(override -> override.when().collectFields(evidence));
        String summary = text(root, "summary", where);
        evidence.addAll(Summaries.placeholders(summary));

        return new Rule(
                id,
                text(root, "title", where),
                text(root, "description", where),
                oneOf(root, "technique", TECHNIQUES),
                Severity.fromId(oneOf(root, "severity", Set.of("low", "medium", "high", "critical"))),
                provider,
                texts(root, "references", true),
                texts(root, "runbook", true),
                texts(root, "falsePositives", false),
                when,
                root.has("unless") ? conditions.parse(root.get("unless"), "unless") : new Condition.Any(List.of()),
                severityIf,
                mode,
                summary,
                fields(required(required(root, "dedup"), "key"), "dedup.key"),
                Durations.parse(text(required(root, "dedup"), "window", "dedup"), "dedup.window"),
                skipSamples ? List.of() : samples(required(root, "tests")),
                Set.copyOf(evidence),
                root.has("excludeAutomation") && root.get("excludeAutomation").asBoolean(),
                source);
    }

    private static int testsStart(String text) {
        Matcher matcher = TESTS_AT_END.matcher(text);
        return matcher.find() ? matcher.start() : text.length();
    }

    private static void rejectUnknownKeys(JsonNode root) {
        for (String key : root.propertyNames()) {
            if (!KEYS.contains(key)) {
                throw new RuleDefinitionException("unknown key '" + key + "'");
            }
        }
    }

    private Mode mode(JsonNode node, ConditionParser conditions, Set<String> evidence) {
        if (node == null || node.isNull()) {
            return new Mode.EveryEvent();
        }
        if (!node.isObject()
                || node.size() != 1
                || !MODES.contains(node.propertyNames().iterator().next())) {
            throw new RuleDefinitionException("mode must be one of " + MODES);
        }
        String name = node.propertyNames().iterator().next();
        JsonNode settings = node.get(name);
        String at = "mode." + name;
        return switch (name) {
            case "newTerms" ->
                new Mode.NewTerms(
                        fields(required(settings, "fields"), at + ".fields"),
                        duration(settings, "history", at),
                        duration(settings, "learning", at));
            case "eventCount" ->
                new Mode.EventCount(
                        fields(required(settings, "groupBy"), at + ".groupBy"),
                        duration(settings, "timespan", at),
                        threshold(settings, at),
                        settings.has("sum") ? Field.of(text(settings, "sum", at)) : null);
            case "valueCount" ->
                new Mode.ValueCount(
                        fields(required(settings, "groupBy"), at + ".groupBy"),
                        Field.of(text(settings, "field", at)),
                        duration(settings, "timespan", at),
                        threshold(settings, at));
            case "baseline" -> baseline(settings, at);
            default -> sequence(settings, conditions, evidence, at);
        };
    }

    private static Mode baseline(JsonNode settings, String at) {
        Duration bucket = duration(settings, "bucket", at);
        Duration history = duration(settings, "history", at);
        if (history.compareTo(bucket.multipliedBy(2)) < 0 || history.dividedBy(bucket) > 2000) {
            throw new RuleDefinitionException(at + ".history must hold from 2 to 2000 buckets");
        }
        JsonNode factor = required(settings, "factor");
        if (!factor.isNumber() || factor.asDouble() < 1) {
            throw new RuleDefinitionException(at + ".factor must be a number of at least 1");
        }
        return new Mode.Baseline(
                fields(required(settings, "groupBy"), at + ".groupBy"),
                bucket,
                history,
                duration(settings, "learning", at),
                factor.asDouble(),
                threshold(settings, "minimum", at));
    }

    private Mode sequence(JsonNode settings, ConditionParser conditions, Set<String> evidence, String at) {
        JsonNode stepsNode = required(settings, "steps");
        if (!stepsNode.isArray() || stepsNode.size() < 2) {
            throw new RuleDefinitionException(at + ".steps must list at least two conditions");
        }
        List<Field> sharedKey = settings.has("by") ? fields(settings.get("by"), at + ".by") : null;
        List<Mode.Sequence.Step> steps = new ArrayList<>();
        for (JsonNode step : stepsNode.values()) {
            String stepAt = at + ".steps[" + steps.size() + "]";
            boolean ownKey = step.isObject() && step.has("match") && step.has("by");
            Condition condition = conditions.parse(ownKey ? step.get("match") : step, stepAt);
            List<Field> key = ownKey ? fields(step.get("by"), stepAt + ".by") : sharedKey;
            if (key == null) {
                throw new RuleDefinitionException(at + " needs 'by', for all steps or as {match, by} in each step");
            }
            condition.collectFields(evidence);
            steps.add(new Mode.Sequence.Step(condition, key));
        }
        return new Mode.Sequence(duration(settings, "within", at), List.copyOf(steps));
    }

    private List<Rule.SeverityOverride> severityOverrides(JsonNode node, ConditionParser conditions) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new RuleDefinitionException("severityIf must be a list");
        }
        List<Rule.SeverityOverride> overrides = new ArrayList<>();
        for (JsonNode entry : node.values()) {
            String at = "severityIf[" + overrides.size() + "]";
            overrides.add(new Rule.SeverityOverride(
                    conditions.parse(required(entry, "when"), at + ".when"),
                    Severity.fromId(oneOf(entry, "severity", Set.of("low", "medium", "high", "critical")))));
        }
        return List.copyOf(overrides);
    }

    private List<RuleSample> samples(JsonNode node) {
        if (!node.isArray()) {
            throw new RuleDefinitionException("tests must be a list");
        }
        List<RuleSample> samples = new ArrayList<>();
        for (JsonNode test : node.values()) {
            String at = "tests[" + samples.size() + "]";
            String expect = oneOf(test, "expect", Set.of("alert", "none"));
            Integer count = test.has("count") ? test.get("count").asInt() : null;
            samples.add(new RuleSample(
                    text(test, "name", at),
                    records(test.get("given"), at),
                    records(required(test, "events"), at),
                    expect.equals("alert"),
                    count));
        }
        boolean positive = samples.stream().anyMatch(RuleSample::expectAlert);
        boolean negative = samples.stream().anyMatch(sample -> !sample.expectAlert());
        if (!positive || !negative) {
            throw new RuleDefinitionException(
                    "tests must hold at least one sample that alerts and one that does not; a rule without both does"
                            + " not load");
        }
        return List.copyOf(samples);
    }

    private List<String> records(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new RuleDefinitionException(where + ": events must be a list of records");
        }
        List<String> records = new ArrayList<>();
        for (JsonNode record : node.values()) {
            records.add(record.isString() ? record.asString() : SampleJson.MAPPER.writeValueAsString(record));
        }
        return List.copyOf(records);
    }

    private static List<Field> fields(JsonNode node, String where) {
        return ConditionParser.scalars(node, where).stream().map(Field::of).toList();
    }

    private static Duration duration(JsonNode settings, String name, String where) {
        return Durations.parse(text(settings, name, where), where + "." + name);
    }

    private static int threshold(JsonNode settings, String where) {
        return threshold(settings, "threshold", where);
    }

    private static int threshold(JsonNode settings, String name, String where) {
        JsonNode node = required(settings, name);
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            throw new RuleDefinitionException(where + "." + name + " must be a whole number of at least 1");
        }
        return node.asInt();
    }

    private static JsonNode required(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            throw new RuleDefinitionException("missing " + name);
        }
        return value;
    }

    private static String text(JsonNode node, String name, String where) {
        JsonNode value = required(node, name);
        if (value.isContainer() || value.asString().isBlank()) {
            throw new RuleDefinitionException(name + " must be text");
        }
        return value.asString().trim();
    }

    private static String oneOf(JsonNode node, String name, Set<String> allowed) {
        String value = text(node, name, name);
        if (!allowed.contains(value)) {
            throw new RuleDefinitionException(
                    name + " must be one of " + new java.util.TreeSet<>(allowed) + ", not '" + value + "'");
        }
        return value;
    }

    private static List<String> texts(JsonNode node, String name, boolean requireOne) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (requireOne) {
                throw new RuleDefinitionException(name + " must list at least one entry");
            }
            return List.of();
        }
        List<String> texts = ConditionParser.scalars(value, name);
        return texts.stream().map(String::trim).toList();
    }

    /** Built on first use: only rules whose samples are read need it, and a mapper is slow to build. */
    private static final class SampleJson {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }
}
