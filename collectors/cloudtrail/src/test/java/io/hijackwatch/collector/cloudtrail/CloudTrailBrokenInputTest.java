package io.hijackwatch.collector.cloudtrail;

import static io.hijackwatch.collector.cloudtrail.Fixtures.bytes;
import static io.hijackwatch.collector.cloudtrail.Fixtures.gzip;
import static io.hijackwatch.collector.cloudtrail.Fixtures.parse;
import static io.hijackwatch.collector.cloudtrail.Fixtures.utf8;
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

/** Input that is damaged, empty or not CloudTrail at all: each bad record costs only itself. */
class CloudTrailBrokenInputTest {

    private static final String STRAY = "unexpected content outside any JSON value; skipped to the next line";
    private static final String NOT_AN_OBJECT = "record is not a JSON object";

    private final CloudTrailParser parser = new CloudTrailParser();

    @Test
    void reportsRecordsBeforeTheCutThenFailsOnTruncatedGzip() throws IOException {
        List<NormalizedEvent> complete = parse(bytes("s3-delivery-file.json")).events;
        byte[] compressed = gzip(bytes("s3-delivery-file.json"));
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
        List<NormalizedEvent> complete = parse(bytes("s3-delivery-file.json")).events;
        byte[] compressed = gzip(bytes("s3-delivery-file.json"));
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
    void rejectsRecordWithInvalidJsonAndKeepsReadingTheRest() throws IOException {
        CollectingListener result = parse(bytes("broken/invalid-json-in-middle.json"));

        assertThat(result.events).extracting(NormalizedEvent::region).containsExactly("us-east-1", "eu-north-1");
        assertThat(result.rejections).singleElement().satisfies(rejection -> {
            assertThat(rejection.index()).isEqualTo(1);
            assertThat(rejection.reason())
                    .startsWith("invalid JSON at byte 339 of the record: ")
                    .contains("'us'");
        });
    }

    @Test
    void rejectsInvalidAndCutOffLinesOfJsonLinesAndKeepsReadingTheRest() throws IOException {
        CollectingListener result = parse(bytes("broken/invalid-json-in-middle.jsonl"));

        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly("GetSendQuota", "GetAccountSendingEnabled", "VerifyEmailIdentity");
        assertThat(result.rejections).extracting(Rejection::index).containsExactly(1L, 3L);
        assertThat(result.rejections.get(0).reason()).startsWith("invalid JSON at byte 252 of the record: ");
        assertThat(result.rejections.get(1).reason()).isEqualTo("record is cut off at the end of its line");
    }

    @Test
    void rejectsTopLevelString() throws IOException {
        CollectingListener result = parse(utf8("\"hello\""));

        assertThat(result.rejections).containsExactly(new Rejection(0, STRAY));
        assertThat(result.events).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "42", "-1.5", "true", "null"})
    void rejectsTopLevelScalar(String input) throws IOException {
        CollectingListener result = parse(utf8(input));

        assertThat(result.rejections).containsExactly(new Rejection(0, STRAY));
        assertThat(result.events).isEmpty();
    }

    @Test
    void rejectsEachElementOfTopLevelArrayThatIsNoObject() throws IOException {
        CollectingListener result = parse(utf8("[1,2]"));

        assertThat(result.rejections).containsExactly(new Rejection(0, NOT_AN_OBJECT), new Rejection(1, NOT_AN_OBJECT));
        assertThat(result.events).isEmpty();
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

    @Test
    void reportsNothingForDeliveryFileWithoutRecords() throws IOException {
        CollectingListener result = parse(utf8("{\"Records\":[]}"));

        assertThat(result.events).isEmpty();
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void rejectsRecordsMissingFieldsEveryEventNeeds() throws IOException {
        CollectingListener result = parse(bytes("broken/missing-fields.jsonl"));

        assertThat(result.rejections)
                .containsExactly(
                        new Rejection(0, "missing eventTime"),
                        new Rejection(1, "missing eventSource"),
                        new Rejection(2, "missing eventName"),
                        new Rejection(3, "not a CloudTrail record: no eventTime, eventSource or eventName"));
        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .containsExactly("c0000000-0000-4000-8000-000000000005");
    }

    @Test
    void rejectsFieldsOfTypesNoCloudTrailRecordUses() throws IOException {
        CollectingListener result = parse(bytes("broken/wrong-types.jsonl"));

        assertThat(result.rejections)
                .hasSize(9)
                .startsWith(
                        new Rejection(0, "eventTime must be a string, not an object"),
                        new Rejection(1, "userIdentity must be an object, not a string"),
                        new Rejection(2, "eventName must be a string, not an array"),
                        new Rejection(3, "eventTime: not a timestamp: '2024-02-30T18:44:04Z'"),
                        new Rejection(4, "readOnly must be true or false"),
                        new Rejection(5, "sessionContext.attributes must be an object, not a string"),
                        new Rejection(6, "CloudTrailEvent must be a string holding the record's JSON"),
                        new Rejection(7, "CloudTrailEvent does not hold a JSON object"));
        assertThat(result.rejections.get(8).index()).isEqualTo(8);
        assertThat(result.rejections.get(8).reason()).startsWith("invalid JSON");
        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .containsExactly("d0000000-0000-4000-8000-000000000010");
    }

    @Test
    void rejectsOversizedRecordAndReadsTheOthers() throws IOException {
        CloudTrailParser limited = new CloudTrailParser(4096);
        String small = "{\"eventTime\":\"2024-12-16T18:48:0%dZ\",\"eventSource\":\"ses.amazonaws.com\","
                + "\"eventName\":\"PutAccountDetails\",\"eventID\":\"e0000000-0000-4000-8000-00000000000%d\"";
        String oversized = small.formatted(2, 2) + ",\"requestParameters\":{\"useCaseDescription\":\""
                + "spam ".repeat(2000) + "\"}}";
        String input =
                "{\"Records\":[" + small.formatted(1, 1) + "}," + oversized + "," + small.formatted(3, 3) + "}]}";

        CollectingListener result = parse(limited, new ByteArrayInputStream(utf8(input)));

        assertThat(result.rejections)
                .containsExactly(new Rejection(1, "record is larger than the limit of 4096 bytes"));
        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .containsExactly("e0000000-0000-4000-8000-000000000001", "e0000000-0000-4000-8000-000000000003");
    }

    @Test
    void rejectsRecordNestedDeeperThanAnyCloudTrailRecord() throws IOException {
        String deep = "{\"eventTime\":\"2024-12-16T18:48:01Z\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"RunInstances\",\"requestParameters\":" + "{\"a\":".repeat(200) + "1"
                + "}".repeat(200) + "}";
        String fine = "{\"eventTime\":\"2024-12-16T18:48:02Z\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"RunInstances\"}";

        CollectingListener result = parse(utf8(deep + "\n" + fine + "\n"));

        assertThat(result.rejections).containsExactly(new Rejection(0, "record is nested deeper than 128 levels"));
        assertThat(result.events).hasSize(1);
    }

    @Test
    void rejectsRecordThatIsCutOffAtTheEndOfTheFile() throws IOException {
        byte[] file = bytes("s3-delivery-file.json");
        byte[] cut = Arrays.copyOf(file, file.length / 2);

        CollectingListener result = parse(cut);

        assertThat(result.rejections)
                .singleElement()
                .isEqualTo(new Rejection(result.events.size(), "record is cut off: the input ends inside it"));
        assertThat(result.events).isNotEmpty();
    }
}
