package io.hijackwatch.collector.gcp.pull;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.audit.AuditLog;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.gcp.GcpAuditParser;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.testing.CollectingListener;
import io.hijackwatch.collector.testing.RecordingSink;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpAuditLogNormalizationTests {

    private TestSource source;
    private List<NormalizedEvent> read;

    @BeforeEach
    void readTheExportThroughTheFake() throws Exception {
        source = new TestSource();
        source.logging.add(AuditEntries.exported());
        RecordingSink sink = new RecordingSink();
        try (SourceCollector collector = source.open()) {
            collector.poll(Cursor.initial(), sink);
        }
        read = sink.allEvents();
    }

    @AfterEach
    void stopFake() throws Exception {
        source.close();
    }

    @Test
    void makesTheSameEventsAsIngestingTheExportedEntries() throws Exception {
        CollectingListener ingested = new CollectingListener();
        new GcpAuditParser()
                .parse(
                        new ByteArrayInputStream(AuditEntries.exportedJson().getBytes(StandardCharsets.UTF_8)),
                        ingested);

        assertThat(ingested.rejections).isEmpty();
        assertThat(ingested.events).hasSize(5);
        assertThat(read).containsExactlyElementsOf(ingested.events);
    }

    @Test
    void rejectsAnUnreadableEntryByItsInsertIdAndSkipsEntriesThatAreNotAuditLogs() throws Exception {
        LogEntry withoutMethod =
                AuditEntries.fromJson("{\"insertId\":\"no-method\",\"logName\":\"" + AuditEntries.ACTIVITY_LOG + "\","
                        + "\"timestamp\":\"2026-12-03T10:20:00Z\",\"protoPayload\":{\"@type\":"
                        + "\"type.googleapis.com/google.cloud.audit.AuditLog\","
                        + "\"serviceName\":\"compute.googleapis.com\"}}");
        LogEntry text = AuditEntries.fromJson("{\"insertId\":\"text\",\"logName\":\"" + AuditEntries.ACTIVITY_LOG
                + "\",\"timestamp\":\"2026-12-03T10:21:00Z\",\"textPayload\":\"hello\"}");
        source.logging.add(List.of(withoutMethod, text));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(Cursor.of(1, java.util.Map.of("after", "2026-12-03T10:16:00Z")), sink);
        }

        Batch batch = sink.committed().get(0);
        assertThat(batch.events()).isEmpty();
        assertThat(batch.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.index()).isZero();
            assertThat(rejection.reason())
                    .isEqualTo("log entry no-method of " + AuditEntries.ACTIVITY_LOG
                            + ": missing protoPayload.methodName");
        });
    }

    @Test
    void readsEntriesWhoseLegacyServiceDataHasATypeItDoesNotKnow() throws Exception {
        LogEntry insert =
                AuditEntries.gpuInsertAt(java.time.Instant.parse("2026-12-03T10:20:00Z"), "with-service-data");
        AuditLog auditLog = insert.getProtoPayload().unpack(AuditLog.class).toBuilder()
                .setServiceData(Any.newBuilder()
                        .setTypeUrl("type.googleapis.com/google.cloud.bigquery.logging.v1.AuditData")
                        .setValue(ByteString.copyFromUtf8("\n\u0003abc")))
                .build();
        source.logging.add(
                insert.toBuilder().setProtoPayload(Any.pack(auditLog)).build());
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(Cursor.of(1, java.util.Map.of("after", "2026-12-03T10:16:00Z")), sink);
        }

        assertThat(sink.committed().get(0).rejections()).isEmpty();
        assertThat(sink.allEvents())
                .singleElement()
                .satisfies(event -> assertThat(event.eventId()).isEqualTo("with-service-data"));
    }

    @Test
    void keepsWhatGpuRulesReadOfAnInstanceInsert() {
        NormalizedEvent insert = read.get(0);

        assertThat(insert.eventId())
                .isEqualTo("op:compute.googleapis.com|operation-1764756001201-5f1c0a|v1.compute.instances.insert");
        assertThat(insert.service()).isEqualTo("compute.googleapis.com");
        assertThat(insert.action()).isEqualTo("v1.compute.instances.insert");
        assertThat(insert.principal()).isEqualTo("trainer@example-ml-prod.iam.gserviceaccount.com");
        assertThat(insert.account()).isEqualTo("example-ml-prod");
        assertThat(insert.region()).isEqualTo("us-central1");
        assertThat(insert.sourceIp()).isEqualTo("203.0.113.45");
        assertThat(insert.attributes())
                .containsEntry("zone", "us-central1-a")
                .containsEntry("machineType", "a2-highgpu-1g")
                .containsEntry("acceleratorType", "nvidia-tesla-a100")
                .containsEntry("request.guestAccelerators.acceleratorCount", 1L)
                .containsEntry("response.progress", 0L)
                .containsEntry("logType", "activity");
    }

    @Test
    void keepsTheServiceAnEnablementTurnsOn() {
        NormalizedEvent enable = read.get(2);

        assertThat(enable.action()).isEqualTo("google.api.serviceusage.v1.ServiceUsage.EnableService");
        assertThat(enable.principal()).isEqualTo("ops-lead@example.com");
        assertThat(enable.attributes()).containsEntry("service.enabled", "aiplatform.googleapis.com");
    }

    @Test
    void keepsSystemEventsAndFailures() {
        NormalizedEvent preempted = read.get(3);
        NormalizedEvent quotaDenied = read.get(4);

        assertThat(preempted.attributes()).containsEntry("logType", "system_event");
        assertThat(preempted.region()).isEqualTo("europe-west4");
        assertThat(quotaDenied.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(quotaDenied.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(quotaDenied.eventId()).endsWith("|failed");
        assertThat(quotaDenied.attributes()).containsEntry("acceleratorType", "nvidia-h100-80gb");
    }
}
