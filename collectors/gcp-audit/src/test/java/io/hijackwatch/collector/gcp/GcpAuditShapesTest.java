package io.hijackwatch.collector.gcp;

import static io.hijackwatch.collector.gcp.Fixtures.bytes;
import static io.hijackwatch.collector.gcp.Fixtures.gzip;
import static io.hijackwatch.collector.gcp.Fixtures.inTinyChunks;
import static io.hijackwatch.collector.gcp.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every shape audit log entries are exported in gives the same events as the entries one per line. */
class GcpAuditShapesTest {

    private static final String JSON_LINES = "entries.jsonl";
    private static final String NOT_AUDIT = "log entry that is not an audit log: textPayload";

    private static List<NormalizedEvent> fromJsonLines() throws IOException {
        return parse(bytes(JSON_LINES)).events;
    }

    @Test
    void readsEveryAuditEntryOfJsonLinesInOrderAndSkipsTheOtherLog() throws IOException {
        CollectingListener result = parse(bytes(JSON_LINES));

        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly(
                        "v1.compute.instances.insert",
                        "v1.compute.instances.insert",
                        "beta.compute.instances.insert",
                        "google.api.serviceusage.v1.ServiceUsage.EnableService",
                        "google.api.serviceusage.v1.ServiceUsage.BatchEnableServices",
                        "google.api.cloudquotas.v1.CloudQuotas.CreateQuotaPreference",
                        "google.cloud.aiplatform.v1.PredictionService.GenerateContent",
                        "compute.instances.preempted",
                        "google.cloud.aiplatform.v1.PredictionService.GenerateContent");
        assertThat(result.skipped).containsExactly("9 " + NOT_AUDIT);
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsGzippedJsonLinesLikeThePlainOnes() throws IOException {
        CollectingListener compressed = parse(gzip(bytes(JSON_LINES)));

        assertThat(compressed.events).hasSize(9).isEqualTo(fromJsonLines());
        assertThat(compressed.rejections).isEmpty();
    }

    @Test
    void readsPlainAndGzippedInputArrivingInTinyChunks() throws IOException {
        List<NormalizedEvent> whole = fromJsonLines();

        CollectingListener plain = parse(new GcpAuditParser(), inTinyChunks(bytes(JSON_LINES)));
        CollectingListener compressed = parse(new GcpAuditParser(), inTinyChunks(gzip(bytes(JSON_LINES))));

        assertThat(plain.events).isEqualTo(whole);
        assertThat(compressed.events).isEqualTo(whole);
    }

    @Test
    void readsArrayPrintedByGcloudLoggingRead() throws IOException {
        List<NormalizedEvent> lines = fromJsonLines();

        CollectingListener result = parse(bytes("gcloud-logging-read.json"));

        assertThat(result.events).containsExactly(lines.get(6), lines.get(3), lines.get(0));
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsEntriesOfEntriesListResponseAndIgnoresItsPageToken() throws IOException {
        List<NormalizedEvent> lines = fromJsonLines();

        CollectingListener result = parse(bytes("entries-list-page.json"));

        assertThat(result.events).containsExactly(lines.get(4), lines.get(5));
        assertThat(result.skipped).containsExactly("2 " + NOT_AUDIT);
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsEntriesFromPubSubPushRequestsOnePerLine() throws IOException {
        List<NormalizedEvent> lines = fromJsonLines();

        CollectingListener result = parse(bytes("pubsub-push.jsonl"));

        assertThat(result.events).containsExactly(lines.get(0), lines.get(3), lines.get(8));
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsEntryFromSinglePrettyPrintedPushRequest() throws IOException {
        CollectingListener result = parse(bytes("pubsub-push.json"));

        assertThat(result.events).containsExactly(fromJsonLines().get(3));
    }

    @Test
    void readsEntriesFromPushRequestsInAnArray() throws IOException {
        List<NormalizedEvent> lines = fromJsonLines();
        String array = "[" + String.join(",", Fixtures.lines("pubsub-push.jsonl")) + "]";

        CollectingListener result = parse(Fixtures.utf8(array));

        assertThat(result.events).containsExactly(lines.get(0), lines.get(3), lines.get(8));
    }

    @Test
    void readsEntriesFromPubSubPullResponse() throws IOException {
        List<NormalizedEvent> lines = fromJsonLines();

        CollectingListener result = parse(bytes("pubsub-pull.json"));

        assertThat(result.events).containsExactly(lines.get(5), lines.get(6));
        assertThat(result.skipped).containsExactly("2 " + NOT_AUDIT);
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsPullResponsesAndPagesWrittenOnePerLine() throws IOException {
        List<NormalizedEvent> lines = fromJsonLines();
        String pull = new String(bytes("pubsub-pull.json"), StandardCharsets.UTF_8);
        String page = new String(bytes("entries-list-page.json"), StandardCharsets.UTF_8);
        String oneLineEach = pull.replaceAll("\\n\\s*", "") + "\n" + page.replaceAll("\\n\\s*", "") + "\n";

        CollectingListener result = parse(Fixtures.utf8(oneLineEach));

        assertThat(result.events).containsExactly(lines.get(5), lines.get(6), lines.get(4), lines.get(5));
        assertThat(result.skipped).containsExactly("2 " + NOT_AUDIT, "5 " + NOT_AUDIT);
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsGzippedPullResponse() throws IOException {
        CollectingListener result = parse(gzip(bytes("pubsub-pull.json")));

        assertThat(result.events).hasSize(2).isEqualTo(parse(bytes("pubsub-pull.json")).events);
    }

    @Test
    void readsEntryFromPushRequestWithUrlSafeBase64WithoutPadding() throws IOException {
        CollectingListener result = parse(bytes("pubsub-quirks.jsonl"));

        assertThat(result.events.get(0)).isEqualTo(fromJsonLines().get(4));
    }

    @Test
    void readsEntryFromBarePubSubMessageAndFromCloudEvent() throws IOException {
        List<NormalizedEvent> lines = fromJsonLines();

        CollectingListener result = parse(bytes("pubsub-quirks.jsonl"));

        assertThat(result.events).containsExactly(lines.get(4), lines.get(5), lines.get(3));
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void skipsMessagesWithoutDataOrAuditEntryAndPagesWithoutEntries() throws IOException {
        CollectingListener result = parse(bytes("pubsub-quirks.jsonl"));

        assertThat(result.skipped)
                .containsExactly(
                        "0 Pub/Sub message without data",
                        "2 " + NOT_AUDIT,
                        "5 response page without entries",
                        "6 response page without entries");
    }

    @Test
    void reportsNothingForResponsesWithEmptyContainers() throws IOException {
        CollectingListener result = parse(Fixtures.utf8("{\"entries\":[]}\n{\"receivedMessages\":[]}\n"));

        assertThat(result.events).isEmpty();
        assertThat(result.rejections).isEmpty();
        assertThat(result.skipped).isEmpty();
    }
}
