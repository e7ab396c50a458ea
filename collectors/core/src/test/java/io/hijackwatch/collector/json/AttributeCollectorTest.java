package io.hijackwatch.collector.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

class AttributeCollectorTest {

    private static final JsonFactory JSON = new JsonFactory();

    private final AttributeCollector collector = new AttributeCollector();

    @Test
    void unwrapsOnlyTheValueOfTheObjectThatHoldsNothingElse() {
        collect("request", "{\"x\": [{\"value\": \"a\", \"k\": 1}, {\"value\": \"b\"}]}");

        assertThat(collector.toMap())
                .containsEntry("request.x.value", List.of("a"))
                .containsEntry("request.x", "b")
                .containsEntry("request.x.k", 1L);
    }

    @Test
    void flattensNestedObjectsIntoDottedPaths() {
        String request = """
                {"serviceCode": "ec2", "quotaCode": "L-417A185B", "desiredValue": 192,
                 "monitoring": {"enabled": false}, "placement": {"tenancy": {"mode": "dedicated"}}}""";

        collect("request", request);

        assertThat(collector.toMap())
                .containsExactly(
                        entry("request.serviceCode", "ec2"),
                        entry("request.quotaCode", "L-417A185B"),
                        entry("request.desiredValue", 192L),
                        entry("request.monitoring.enabled", false),
                        entry("request.placement.tenancy.mode", "dedicated"));
    }

    @Test
    void dropsArrayPositionsSoValuesOfEveryElementShareOnePath() {
        String request = """
                {"family": "miner", "requiresCompatibilities": ["FARGATE"],
                 "containerDefinitions": [
                   {"name": "a", "image": "docker.io/example/xmrig:latest", "portMappings": [{"containerPort": 3333}]},
                   {"name": "b", "image": "public.ecr.aws/example/proxy:1"}]}""";

        collect("request", request);

        assertThat(collector.toMap())
                .containsExactly(
                        entry("request.family", "miner"),
                        entry("request.requiresCompatibilities", "FARGATE"),
                        entry("request.containerDefinitions.name", List.of("a", "b")),
                        entry(
                                "request.containerDefinitions.image",
                                List.of("docker.io/example/xmrig:latest", "public.ecr.aws/example/proxy:1")),
                        entry("request.containerDefinitions.portMappings.containerPort", 3333L));
    }

    @Test
    void keepsRepeatedValuesOfOnePathInOrderAsList() {
        collect("request", "{\"regions\": [\"us-east-1\", \"eu-west-1\", [\"ap-south-1\", \"us-east-1\"]]}");

        assertThat(collector.toMap())
                .containsExactly(
                        entry("request.regions", List.of("us-east-1", "eu-west-1", "ap-south-1", "us-east-1")));
    }

    @Test
    void unwrapsObjectWhoseOnlyFieldIsValue() {
        collect(
                "request",
                "{\"instanceId\": \"i-0a1b2c3d4e5f60001\", \"instanceType\": {\"value\": \"p4d.24xlarge\"}}");

        assertThat(collector.toMap())
                .containsExactly(
                        entry("request.instanceId", "i-0a1b2c3d4e5f60001"),
                        entry("request.instanceType", "p4d.24xlarge"));
    }

    @Test
    void unwrapsValueObjectsInsideArraysIntoOneList() {
        collect(
                "request",
                "{\"groupSet\": [{\"value\": \"sg-1\"}, {\"value\": \"sg-2\"}], \"flag\": {\"value\": true}}");

        assertThat(collector.toMap())
                .containsExactly(entry("request.groupSet", List.of("sg-1", "sg-2")), entry("request.flag", true));
    }

    @Test
    void unwrapsValueHoldingArray() {
        collect("request", "{\"userData\": {\"value\": [\"a\", \"b\"]}}");

        assertThat(collector.toMap()).containsExactly(entry("request.userData", List.of("a", "b")));
    }

    @Test
    void keepsValueFieldWhenItHasSiblings() {
        collect("request", "{\"tag\": {\"key\": \"Name\", \"value\": \"gpu\"}}");

        assertThat(collector.toMap())
                .containsExactly(entry("request.tag.key", "Name"), entry("request.tag.value", "gpu"));
    }

    @Test
    void ignoresNullsAndEmptyContainers() {
        collect("request", "{\"a\": null, \"b\": {}, \"c\": [], \"d\": {\"value\": null}, \"e\": [null]}");

        assertThat(collector.toMap()).isEmpty();
        assertThat(collector.isEmpty()).isTrue();
    }

    @Test
    void collectsNothingFromNullRoot() {
        collect("response", "null");

        assertThat(collector.toMap()).isEmpty();
        assertThat(collector.leftOut()).isZero();
    }

    @Test
    void collectsScalarRootUnderItsPath() {
        collect("response", "\"done\"");

        assertThat(collector.toMap()).containsExactly(entry("response", "done"));
    }

    @Test
    void leavesParserOnLastTokenOfTheValue() {
        JsonParser parser = parserAt("{\"request\": {\"a\": [1, {\"b\": 2}]}, \"next\": 3}", 3);

        collector.collect("request", parser);

        assertThat(parser.currentToken()).isEqualTo(JsonToken.END_OBJECT);
        assertThat(parser.nextToken()).isEqualTo(JsonToken.PROPERTY_NAME);
        assertThat(parser.currentName()).isEqualTo("next");
    }

    @Test
    void keepsIntegersAsLongsAndBigIntegersAsText() {
        String request = "{\"small\": 7, \"negative\": -3, \"long\": 9007199254740993,"
                + " \"big\": 123456789012345678901234567890}";

        collect("request", request);

        assertThat(collector.toMap())
                .containsExactly(
                        entry("request.small", 7L),
                        entry("request.negative", -3L),
                        entry("request.long", 9007199254740993L),
                        entry("request.big", "123456789012345678901234567890"));
    }

    @Test
    void keepsFloatsAsDoublesAndOutOfRangeFloatsAsText() {
        collect("request", "{\"desiredValue\": 192.0, \"ratio\": 0.25, \"exp\": 1.5e3, \"huge\": 1e400}");

        assertThat(collector.toMap())
                .containsExactly(
                        entry("request.desiredValue", 192.0),
                        entry("request.ratio", 0.25),
                        entry("request.exp", 1500.0),
                        entry("request.huge", "1e400"));
    }

    @Test
    void cutsLongStringsToTheLimit() {
        String longText = "u".repeat(AttributeCollector.MAX_STRING_CHARS + 100);

        collect("request", "{\"useCaseDescription\": \"" + longText + "\", \"short\": \"ok\"}");

        assertThat(collector.toMap().get("request.useCaseDescription"))
                .isEqualTo("u".repeat(AttributeCollector.MAX_STRING_CHARS));
        assertThat(collector.toMap().get("request.short")).isEqualTo("ok");
    }

    @Test
    void keepsStringOfExactlyTheLimit() {
        String text = "v".repeat(AttributeCollector.MAX_STRING_CHARS);

        collect("request", "{\"s\": \"" + text + "\"}");

        assertThat(collector.toMap().get("request.s")).isEqualTo(text);
        assertThat(collector.leftOut()).isZero();
    }

    @Test
    void cutsDigitsOfHugeIntegersToTheLimit() {
        String digits = "9".repeat(AttributeCollector.MAX_STRING_CHARS + 50);

        collect("request", "{\"n\": " + digits + "}");

        assertThat(collector.toMap().get("request.n")).isEqualTo("9".repeat(AttributeCollector.MAX_STRING_CHARS));
    }

    @Test
    void stopsAddingPathsAtTheEntryLimitAndCountsWhatIsLeftOut() {
        String request = IntStream.range(0, AttributeCollector.MAX_ENTRIES + 10)
                .mapToObj(i -> "\"field" + i + "\": " + i)
                .collect(Collectors.joining(",", "{", "}"));

        collect("request", request);

        Map<String, Object> attributes = collector.toMap();
        assertThat(attributes).hasSize(AttributeCollector.MAX_ENTRIES);
        assertThat(attributes).containsKey("request.field127").doesNotContainKey("request.field128");
        assertThat(collector.leftOut()).isEqualTo(10);
    }

    @Test
    void stillAddsValuesToKnownPathsWhenEntriesAreFull() {
        for (int i = 0; i < AttributeCollector.MAX_ENTRIES; i++) {
            collector.put("p" + i, i);
        }

        collector.put("p0", "again");
        collector.put("new", "dropped");

        assertThat(collector.toMap().get("p0")).isEqualTo(List.of(0, "again"));
        assertThat(collector.toMap()).doesNotContainKey("new");
        assertThat(collector.leftOut()).isEqualTo(1);
    }

    @Test
    void keepsAtMostTheValueLimitPerPath() {
        String images = IntStream.range(0, AttributeCollector.MAX_VALUES_PER_PATH + 8)
                .mapToObj(i -> "{\"image\": \"repo/img" + i + "\"}")
                .collect(Collectors.joining(",", "{\"containerDefinitions\": [", "]}"));

        collect("request", images);

        List<?> kept = (List<?>) collector.toMap().get("request.containerDefinitions.image");
        assertThat(kept).hasSize(AttributeCollector.MAX_VALUES_PER_PATH);
        assertThat(kept.get(0)).isEqualTo("repo/img0");
        assertThat(kept.get(AttributeCollector.MAX_VALUES_PER_PATH - 1)).isEqualTo("repo/img31");
        assertThat(collector.leftOut()).isEqualTo(8);
    }

    @Test
    void followsObjectsOnlyToTheDepthLimit() {
        String request = nestedObjects(AttributeCollector.MAX_DEPTH - 1, "{\"kept\": 1, \"deeper\": {\"dropped\": 2}}");

        collect("request", request);

        String keptPath = "request" + ".n".repeat(AttributeCollector.MAX_DEPTH - 1) + ".kept";
        assertThat(collector.toMap()).containsExactly(entry(keptPath, 1L));
        assertThat(collector.leftOut()).isEqualTo(1);
    }

    @Test
    void countsArraysTowardsTheDepthLimit() {
        int arrays = AttributeCollector.MAX_DEPTH - 1;
        String request = "{\"a\": " + "[".repeat(arrays) + "{\"dropped\": 1}" + "]".repeat(arrays) + ", \"b\": 2}";

        collect("request", request);

        assertThat(collector.toMap()).containsExactly(entry("request.b", 2L));
        assertThat(collector.leftOut()).isEqualTo(1);
    }

    @Test
    void returnsUnmodifiableMapWithUnmodifiableLists() {
        collect("request", "{\"a\": [1, 2], \"b\": 3}");

        Map<String, Object> attributes = collector.toMap();

        assertThat(attributes.get("request.a")).isEqualTo(List.of(1L, 2L));
        List<?> values = (List<?>) attributes.get("request.a");
        assertThatThrownBy(() -> attributes.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void putIgnoresNull() {
        collector.put("identity.userName", null);

        assertThat(collector.isEmpty()).isTrue();
        assertThat(collector.leftOut()).isZero();
    }

    private void collect(String path, String json) {
        JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json);
        parser.nextToken();
        collector.collect(path, parser);
        assertThat(parser.nextToken()).as("the whole value was read").isNull();
    }

    private static JsonParser parserAt(String json, int tokens) {
        JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json);
        for (int i = 0; i < tokens; i++) {
            parser.nextToken();
        }
        return parser;
    }

    private static String nestedObjects(int levels, String innermost) {
        return "{\"n\": ".repeat(levels) + innermost + "}".repeat(levels);
    }
}
