package io.hijackwatch.collector.azure;

import static io.hijackwatch.collector.azure.Fixtures.bytes;
import static io.hijackwatch.collector.azure.Fixtures.gzip;
import static io.hijackwatch.collector.azure.Fixtures.parse;
import static io.hijackwatch.collector.azure.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input that is damaged, empty or not the Activity Log at all: each bad record costs only itself. */
class AzureActivityBrokenInputTest {

    private static final String STRAY = "unexpected content outside any JSON value; skipped to the next line";
    private static final String NOT_AN_OBJECT = "record is not a JSON object";
    private static final String EVENT_HUBS = "event-hubs-message.json";
    private static final String REST_PAGE = "rest-api-page.json";

    private final AzureActivityParser parser = new AzureActivityParser();

    @Test
    void reportsRecordsBeforeTheCutThenFailsOnTruncatedGzip() throws IOException {
        List<NormalizedEvent> complete = parse(bytes(REST_PAGE)).events;
        byte[] compressed = gzip(bytes(REST_PAGE));
        byte[] truncated = Arrays.copyOf(compressed, compressed.length * 3 / 5);
        CollectingListener listener = new CollectingListener();

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(truncated), listener))
                .isInstanceOf(EOFException.class);

        assertThat(listener.events).isNotEmpty().hasSizeLessThan(complete.size());
        assertThat(listener.events).isEqualTo(complete.subList(0, listener.events.size()));
        assertThat(listener.rejections).isEmpty();
    }

    @Test
    void reportsEveryRecordThenFailsWhenOnlyTheGzipTrailerIsMissing() throws IOException {
        List<NormalizedEvent> complete = parse(bytes(EVENT_HUBS)).events;
        byte[] compressed = gzip(bytes(EVENT_HUBS));
        byte[] withoutTrailer = Arrays.copyOf(compressed, compressed.length - 8);
        CollectingListener listener = new CollectingListener();

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(withoutTrailer), listener))
                .isInstanceOf(EOFException.class);

        assertThat(listener.events).isEqualTo(complete);
    }

    @Test
    void failsOnInputThatStartsLikeGzipButIsNot() {
        byte[] notGzip = {0x1f, (byte) 0x8b, 'n', 'o', 't', ' ', 'g', 'z', 'i', 'p', ' ', 'a', 't', ' ', 'a', 'l', 'l'};
        CollectingListener listener = new CollectingListener();

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(notGzip), listener))
                .isInstanceOf(IOException.class);

        assertThat(listener.events).isEmpty();
    }

    @Test
    void rejectsEventWithInvalidJsonInRestPageAndKeepsReadingTheRest() throws IOException {
        CollectingListener result = parse(bytes("broken/invalid-json-in-middle.json"));

        assertThat(result.events).extracting(NormalizedEvent::region).containsExactly("eastus", "swedencentral");
        assertThat(result.rejections).singleElement().satisfies(rejection -> {
            assertThat(rejection.index()).isEqualTo(1);
            assertThat(rejection.reason())
                    .startsWith("invalid JSON at byte 574 of the record: ")
                    .contains("'Started'");
        });
    }

    @Test
    void rejectsInvalidAndCutOffLinesOfExportAndKeepsReadingTheRest() throws IOException {
        CollectingListener result = parse(bytes("broken/invalid-json-in-middle.jsonl"));

        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly(
                        "microsoft.containerinstance/containergroups/write",
                        "microsoft.containerinstance/containergroups/start/action",
                        "microsoft.containerinstance/containergroups/delete");
        assertThat(result.rejections).extracting(Rejection::index).containsExactly(1L, 3L);
        assertThat(result.rejections.get(0).reason()).startsWith("invalid JSON at byte 302 of the record: ");
        assertThat(result.rejections.get(1).reason()).isEqualTo("record is cut off at the end of its line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"hello\"", "hello", "42", "-1.5", "true", "null"})
    void rejectsTopLevelScalar(String input) throws IOException {
        CollectingListener result = parse(utf8(input));

        assertThat(result.rejections).containsExactly(new Rejection(0, STRAY));
        assertThat(result.events).isEmpty();
    }

    @Test
    void rejectsEachElementOfTopLevelArrayOrContainerThatIsNoObject() throws IOException {
        CollectingListener array = parse(utf8("[1,\"two\"]"));
        CollectingListener records = parse(utf8("{\"records\":[[],3]}"));

        assertThat(array.rejections).containsExactly(new Rejection(0, NOT_AN_OBJECT), new Rejection(1, NOT_AN_OBJECT));
        assertThat(records.rejections)
                .containsExactly(new Rejection(0, NOT_AN_OBJECT), new Rejection(1, NOT_AN_OBJECT));
        assertThat(array.events).isEmpty();
        assertThat(records.events).isEmpty();
    }

    @Test
    void reportsNothingForEmptyFile() throws IOException {
        CollectingListener result = parse(new byte[0]);

        assertThat(result.events).isEmpty();
        assertThat(result.rejections).isEmpty();
        assertThat(result.skipped).isEmpty();
    }

    @Test
    void reportsNothingForEmptyGzippedFile() throws IOException {
        CollectingListener result = parse(gzip(new byte[0]));

        assertThat(result.events).isEmpty();
        assertThat(result.rejections).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"value\":[]}", "{\"value\":[],\"nextLink\":null}", "{\"records\":[]}", "[]"})
    void reportsNothingForContainerWithoutRecords(String input) throws IOException {
        CollectingListener result = parse(utf8(input));

        assertThat(result.events).isEmpty();
        assertThat(result.rejections).isEmpty();
        assertThat(result.skipped).isEmpty();
    }

    @Test
    void rejectsRecordsMissingFieldsEveryEventNeeds() throws IOException {
        CollectingListener result = parse(bytes("broken/missing-fields.jsonl"));

        assertThat(result.rejections)
                .containsExactly(
                        new Rejection(0, "missing eventTimestamp (time, TimeGenerated)"),
                        new Rejection(1, "missing operationName (OperationNameValue)"),
                        new Rejection(
                                2,
                                "not an Azure Activity Log record: no eventTimestamp, time, TimeGenerated or"
                                        + " operation name"),
                        new Rejection(3, "missing operationName (OperationNameValue)"),
                        new Rejection(4, "operation name 'listkeys' names no resource provider"));
        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly("microsoft.compute/virtualmachines/delete");
    }

    @Test
    void rejectsFieldsOfTypesNoActivityLogRecordUses() throws IOException {
        CollectingListener result = parse(bytes("broken/wrong-types.jsonl"));

        assertThat(result.rejections).hasSize(11);
        assertThat(result.rejections.subList(0, 10))
                .containsExactly(
                        new Rejection(0, "eventTimestamp must be a string, not an object"),
                        new Rejection(1, "operationName must be a string, not an array"),
                        new Rejection(2, "claims must be an object, not a number"),
                        result.rejections.get(3),
                        new Rejection(4, "Properties must be an object or a string holding one"),
                        new Rejection(5, "eventTimestamp: not a timestamp: '2024-02-30T18:44:04Z'"),
                        new Rejection(6, "httpRequest.clientIpAddress must be a string, not an array"),
                        new Rejection(7, "identity.claims must be an object, not an array"),
                        new Rejection(8, "status.value must be a string, not an object"),
                        new Rejection(9, "authorization.evidence must be an object, not a boolean"));
        assertThat(result.rejections.get(3).reason()).startsWith("Properties holds invalid JSON: ");
        assertThat(result.rejections.get(10).index()).isEqualTo(10);
        assertThat(result.rejections.get(10).reason()).startsWith("invalid JSON");
        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .containsExactly("3e3e3e3e-0000-4000-8000-000000000011|microsoft.compute/virtualmachines/write|");
    }

    @Test
    void rejectsLogAnalyticsResponseInColumnsWithTheShapeToUseInstead() throws IOException {
        CollectingListener result = parse(bytes("broken/log-analytics-columns.json"));

        assertThat(result.rejections)
                .singleElement()
                .satisfies(rejection -> assertThat(rejection.reason())
                        .startsWith("a Log Analytics query response in columns")
                        .contains("az monitor log-analytics query"));
        assertThat(result.events).isEmpty();
    }

    @Test
    void rejectsOversizedRecordAndReadsTheOthers() throws IOException {
        AzureActivityParser limited = new AzureActivityParser(4096);
        String record =
                "{\"time\":\"2024-12-16T19:0%d:00Z\",\"operationName\":\"MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE\","
                        + "\"correlationId\":\"5e5e5e5e-0000-4000-8000-00000000000%d\"";
        String oversized = record.formatted(2, 2) + ",\"properties\":{\"requestbody\":\"" + "x".repeat(8000) + "\"}}";
        String input =
                "{\"records\":[" + record.formatted(1, 1) + "}," + oversized + "," + record.formatted(3, 3) + "}]}";

        CollectingListener result = parse(limited, new ByteArrayInputStream(utf8(input)));

        assertThat(result.rejections)
                .containsExactly(new Rejection(1, "record is larger than the limit of 4096 bytes"));
        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .containsExactly(
                        "5e5e5e5e-0000-4000-8000-000000000001|microsoft.compute/virtualmachines/write|",
                        "5e5e5e5e-0000-4000-8000-000000000003|microsoft.compute/virtualmachines/write|");
    }

    @Test
    void rejectsRecordNestedDeeperThanAnyActivityLogRecord() throws IOException {
        String deep =
                "{\"time\":\"2024-12-16T19:01:00Z\",\"operationName\":\"Microsoft.Compute/virtualMachines/write\","
                        + "\"properties\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}";
        String fine =
                "{\"time\":\"2024-12-16T19:02:00Z\",\"operationName\":\"Microsoft.Compute/virtualMachines/write\"}";

        CollectingListener result = parse(utf8(deep + "\n" + fine + "\n"));

        assertThat(result.rejections).containsExactly(new Rejection(0, "record is nested deeper than 128 levels"));
        assertThat(result.events).hasSize(1);
    }

    @Test
    void rejectsRecordWhoseEmbeddedPropertiesNestDeeperThanTheLimit() throws IOException {
        String nested = "{\\\"a\\\":".repeat(200) + "1" + "}".repeat(200);
        String record =
                "{\"TimeGenerated\":\"2024-12-16T19:01:00Z\",\"OperationNameValue\":\"MICROSOFT.COMPUTE/DISKS/WRITE\","
                        + "\"Properties\":\"" + nested + "\"}";

        CollectingListener result = parse(utf8(record));

        assertThat(result.rejections)
                .singleElement()
                .satisfies(rejection -> assertThat(rejection.reason())
                        .startsWith("Properties holds invalid JSON: ")
                        .contains("nesting depth"));
    }

    @Test
    void rejectsRecordThatIsCutOffAtTheEndOfTheFile() throws IOException {
        byte[] file = bytes(REST_PAGE);
        byte[] cut = Arrays.copyOf(file, file.length / 2);

        CollectingListener result = parse(cut);

        assertThat(result.rejections)
                .singleElement()
                .isEqualTo(new Rejection(result.events.size(), "record is cut off: the input ends inside it"));
        assertThat(result.events).isNotEmpty();
    }
}
