package io.hijackwatch.collector.gcp;

import static io.hijackwatch.collector.gcp.Fixtures.bytes;
import static io.hijackwatch.collector.gcp.Fixtures.gzip;
import static io.hijackwatch.collector.gcp.Fixtures.parse;
import static io.hijackwatch.collector.gcp.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input that is damaged, empty or not audit log entries at all: each bad record costs only itself. */
class GcpAuditBrokenInputTest {

    private static final String STRAY = "unexpected content outside any JSON value; skipped to the next line";
    private static final String NOT_AN_OBJECT = "record is not a JSON object";
    private static final String NOT_AN_ENTRY =
            "not a log entry or Pub/Sub message: no protoPayload, logName, timestamp or message";

    private final GcpAuditParser parser = new GcpAuditParser();

    @Test
    void reportsEntriesBeforeTheCutThenFailsOnTruncatedGzip() throws IOException {
        List<NormalizedEvent> complete = parse(bytes("entries.jsonl")).events;
        byte[] compressed = gzip(bytes("entries.jsonl"));
        byte[] truncated = Arrays.copyOf(compressed, compressed.length * 3 / 5);
        CollectingListener listener = new CollectingListener();

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(truncated), listener))
                .isInstanceOf(EOFException.class);

        assertThat(listener.events).isNotEmpty().hasSizeLessThan(complete.size());
        assertThat(listener.events).isEqualTo(complete.subList(0, listener.events.size()));
    }

    @Test
    void reportsEveryEntryThenFailsWhenOnlyTheGzipTrailerIsMissing() throws IOException {
        List<NormalizedEvent> complete = parse(bytes("pubsub-pull.json")).events;
        byte[] compressed = gzip(bytes("pubsub-pull.json"));
        byte[] withoutTrailer = Arrays.copyOf(compressed, compressed.length - 8);
        CollectingListener listener = new CollectingListener();

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(withoutTrailer), listener))
                .isInstanceOf(EOFException.class);

        assertThat(listener.events).isEqualTo(complete);
    }

    @Test
    void failsOnInputThatStartsLikeGzipButIsNot() {
        byte[] notGzip = {0x1f, (byte) 0x8b, 'n', 'o', 't', ' ', 'g', 'z', 'i', 'p'};
        CollectingListener listener = new CollectingListener();

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(notGzip), listener))
                .isInstanceOf(IOException.class);

        assertThat(listener.events).isEmpty();
    }

    @Test
    void rejectsInvalidAndCutOffLinesOfJsonLinesAndKeepsReadingTheRest() throws IOException {
        CollectingListener result = parse(bytes("broken/invalid-json-in-middle.jsonl"));

        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly(
                        "google.api.serviceusage.v1.ServiceUsage.EnableService",
                        "google.api.cloudquotas.v1.CloudQuotas.CreateQuotaPreference",
                        "compute.instances.preempted");
        assertThat(result.rejections).extracting(Rejection::index).containsExactly(1L, 3L);
        assertThat(result.rejections.get(0).reason())
                .startsWith("invalid JSON at byte ")
                .contains(" of the record: ")
                .contains("'NOTICE'");
        assertThat(result.rejections.get(1).reason()).isEqualTo("record is cut off at the end of its line");
    }

    @Test
    void rejectsInvalidEntryInsideGcloudArrayAndKeepsReadingTheRest() throws IOException {
        CollectingListener result = parse(bytes("broken/invalid-json-in-middle.json"));

        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly(
                        "v1.compute.instances.insert", "google.api.serviceusage.v1.ServiceUsage.EnableService");
        assertThat(result.rejections).singleElement().satisfies(rejection -> {
            assertThat(rejection.index()).isEqualTo(1);
            assertThat(rejection.reason()).startsWith("invalid JSON at byte ").contains("'ERROR'");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "42", "true", "null", "\"a string\""})
    void rejectsTopLevelScalar(String input) throws IOException {
        CollectingListener result = parse(utf8(input));

        assertThat(result.rejections).containsExactly(new Rejection(0, STRAY));
        assertThat(result.events).isEmpty();
    }

    @Test
    void rejectsEachElementOfTopLevelArrayThatIsNoObject() throws IOException {
        CollectingListener result = parse(utf8("[1,\"entry\"]"));

        assertThat(result.rejections).containsExactly(new Rejection(0, NOT_AN_OBJECT), new Rejection(1, NOT_AN_OBJECT));
    }

    @Test
    void rejectsElementsOfEntriesAndReceivedMessagesThatAreNoObjects() throws IOException {
        CollectingListener result = parse(utf8("{\"entries\":[\"x\"]}\n{\"receivedMessages\":[7]}\n"));

        assertThat(result.rejections).containsExactly(new Rejection(0, NOT_AN_OBJECT), new Rejection(1, NOT_AN_OBJECT));
    }

    @Test
    void reportsNothingForEmptyInput() throws IOException {
        CollectingListener plain = parse(new byte[0]);
        CollectingListener compressed = parse(gzip(new byte[0]));

        assertThat(plain.events).isEmpty();
        assertThat(plain.rejections).isEmpty();
        assertThat(plain.skipped).isEmpty();
        assertThat(compressed.events).isEmpty();
        assertThat(compressed.rejections).isEmpty();
    }

    @Test
    void rejectsEntriesMissingFieldsEveryEventNeedsAndRecordsThatAreNoEntries() throws IOException {
        CollectingListener result = parse(bytes("broken/missing-fields.jsonl"));

        assertThat(result.rejections)
                .containsExactly(
                        new Rejection(0, "missing timestamp"),
                        new Rejection(1, "missing protoPayload.serviceName"),
                        new Rejection(2, "missing protoPayload.methodName"),
                        new Rejection(3, NOT_AN_ENTRY),
                        new Rejection(4, NOT_AN_ENTRY));
        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly("w-05");
    }

    @Test
    void rejectsFieldsOfTypesNoEntryOrMessageUses() throws IOException {
        CollectingListener result = parse(bytes("broken/wrong-types.jsonl"));

        assertThat(result.rejections)
                .hasSize(17)
                .startsWith(
                        new Rejection(0, "timestamp must be a string, not an object"),
                        new Rejection(1, "protoPayload must be an object, not a string"),
                        new Rejection(2, "protoPayload.methodName must be a string, not an array"),
                        new Rejection(3, "timestamp: not a timestamp: '2024-02-30T18:44:03Z'"),
                        new Rejection(4, "protoPayload.authorizationInfo must be an array, not an object"),
                        new Rejection(5, "protoPayload.authorizationInfo.granted must be true or false"),
                        new Rejection(6, "protoPayload.status.code must be a number"),
                        new Rejection(7, "resource.labels must be an object, not an array"),
                        new Rejection(8, "operation.first must be true or false, not an object"),
                        new Rejection(9, "protoPayload.request must be an object, not a string"),
                        new Rejection(
                                10, "protoPayload.resourceLocation.currentLocations must be an array, not a string"),
                        new Rejection(11, "message must be an object, not a string"),
                        new Rejection(12, "message.data must be a base64 string, not a number"));
        assertThat(result.rejections.get(13).reason()).startsWith("message.data is not base64: ");
        assertThat(result.rejections.get(14).reason())
                .startsWith("message.data holds invalid JSON at byte ")
                .contains(" of the decoded data: ");
        assertThat(result.rejections.get(15)).isEqualTo(new Rejection(15, "message.data does not hold a JSON object"));
        assertThat(result.rejections.get(16)).isEqualTo(new Rejection(16, "insertId must be a string, not an array"));
        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly("w-17");
    }

    @Test
    void rejectsPubSubMessageWhoseDataIsSomethingElse() throws IOException {
        String order = Base64.getEncoder().encodeToString(utf8("{\"orderId\":\"A-1001\",\"amount\":42.5}"));
        String push = "{\"message\":{\"data\":\"" + order + "\",\"messageId\":\"1\"},\"subscription\":\"s\"}";

        CollectingListener result = parse(utf8(push));

        assertThat(result.rejections)
                .containsExactly(new Rejection(
                        0, "Pub/Sub message data holds no log entry: no protoPayload, logName or timestamp"));
    }

    @Test
    void rejectsOversizedEntryAndReadsTheOthers() throws IOException {
        GcpAuditParser limited = new GcpAuditParser(4096);
        String entry = "{\"insertId\":\"s-%d\",\"timestamp\":\"2024-12-16T18:48:0%dZ\",\"protoPayload\":{"
                + "\"serviceName\":\"compute.googleapis.com\",\"methodName\":\"v1.compute.instances.insert\"%s}}";
        String padding = ",\"request\":{\"description\":\"" + "mine ".repeat(2000) + "\"}";
        String input =
                String.join("\n", entry.formatted(1, 1, ""), entry.formatted(2, 2, padding), entry.formatted(3, 3, ""));

        CollectingListener result = parse(limited, new ByteArrayInputStream(utf8(input)));

        assertThat(result.rejections)
                .containsExactly(new Rejection(1, "record is larger than the limit of 4096 bytes"));
        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly("s-1", "s-3");
    }

    @Test
    void rejectsEntryNestedDeeperThanAnyAuditLog() throws IOException {
        String deep = "{\"timestamp\":\"2024-12-16T18:48:01Z\",\"protoPayload\":{\"serviceName\":\"a\","
                + "\"methodName\":\"b\",\"request\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}}";
        String fine = "{\"timestamp\":\"2024-12-16T18:48:02Z\",\"protoPayload\":{\"serviceName\":\"a\","
                + "\"methodName\":\"b\"}}";

        CollectingListener result = parse(utf8(deep + "\n" + fine + "\n"));

        assertThat(result.rejections).containsExactly(new Rejection(0, "record is nested deeper than 128 levels"));
        assertThat(result.events).hasSize(1);
    }

    @Test
    void rejectsEntryThatIsCutOffAtTheEndOfTheInput() throws IOException {
        byte[] file = bytes("gcloud-logging-read.json");
        byte[] cut = Arrays.copyOf(file, file.length * 2 / 3);

        CollectingListener result = parse(cut);

        assertThat(result.rejections)
                .singleElement()
                .isEqualTo(new Rejection(result.events.size(), "record is cut off: the input ends inside it"));
        assertThat(result.events).isNotEmpty();
    }
}
