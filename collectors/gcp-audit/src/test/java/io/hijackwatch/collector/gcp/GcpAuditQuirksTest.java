package io.hijackwatch.collector.gcp;

import static io.hijackwatch.collector.gcp.Fixtures.bytes;
import static io.hijackwatch.collector.gcp.Fixtures.lines;
import static io.hijackwatch.collector.gcp.Fixtures.parse;
import static io.hijackwatch.collector.gcp.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entries as they really turn up: fields missing, written another way, or of payload types that are not audits. */
class GcpAuditQuirksTest {

    private static final String QUIRKS = "quirks.jsonl";

    private static CollectingListener quirks() throws IOException {
        return parse(bytes(QUIRKS));
    }

    /** The event made of one line of the quirks file, by its line number. */
    private static NormalizedEvent line(int number) throws IOException {
        CollectingListener result = parse(utf8(lines(QUIRKS).get(number)));
        assertThat(result.events).as("events of line %d", number).hasSize(1);
        return result.event(0);
    }

    @Test
    void readsEveryQuirkyEntrySkippingOnlyThoseThatAreNoAudit() throws IOException {
        CollectingListener result = quirks();

        assertThat(result.events).hasSize(16);
        assertThat(result.rejections).isEmpty();
        String requestLog = "log entry that is not an audit log: protoPayload of type"
                + " type.googleapis.com/google.appengine.logging.v1.RequestLog";
        assertThat(result.skipped).containsExactly("7 " + requestLog, "8 " + requestLog);
    }

    @Test
    void derivesIdForEntryWithoutInsertIdOrOperation() throws IOException {
        NormalizedEvent event = line(0);

        assertThat(event.eventId()).matches("derived:[0-9a-f]{32}");
        assertThat(event.action()).isEqualTo("v1.compute.regions.get");
    }

    @Test
    void derivesSameIdWhenSameEntryArrivesTwiceAndDifferentIdsForOthers() throws IOException {
        String entry = lines(QUIRKS).get(0);
        String otherCaller = entry.replace("203.0.113.45", "203.0.113.46");
        String otherTime = entry.replace("19:00:00.100000Z", "19:00:00.200000Z");

        CollectingListener result = parse(utf8(String.join("\n", entry, entry, otherCaller, otherTime)));

        List<String> ids = result.events.stream().map(NormalizedEvent::eventId).toList();
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        assertThat(ids.subList(1, 4)).doesNotHaveDuplicates();
    }

    @Test
    void readsStatusCodeWrittenAsString() throws IOException {
        NormalizedEvent event = line(1);

        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(event.attribute("status.message"))
                .isEqualTo("Quota 'NVIDIA_A100_GPUS' exceeded.  Limit: 0.0 in region us-central1.");
    }

    @Test
    void keepsNumberOfStatusCodeWithoutCanonicalName() throws IOException {
        NormalizedEvent event = line(2);

        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.errorCode()).isEqualTo("42");
    }

    @Test
    void takesProjectFromLogNameWhenResourceHasNoProjectLabel() throws IOException {
        NormalizedEvent event = line(3);

        assertThat(event.account()).isEqualTo("example-sandbox-7");
        assertThat(event.region()).isEqualTo("asia-southeast1");
        assertThat(event.attribute("zone")).isEqualTo("asia-southeast1-b");
    }

    @Test
    void takesProjectFromResourceNameOfOrganizationLogEntry() throws IOException {
        NormalizedEvent event = line(4);

        assertThat(event.account()).isEqualTo("example-sandbox-7");
        assertThat(event.attribute("logType")).isEqualTo("activity");
    }

    @Test
    void leavesAccountEmptyWhenOnlyProjectNumberIsKnown() throws IOException {
        NormalizedEvent event = line(5);

        assertThat(event.account()).isNull();
        assertThat(event.attribute("service.enabled")).isEqualTo("run.googleapis.com");
    }

    @Test
    void readsPayloadWhoseTypeWasDroppedByAnExportTool() throws IOException {
        NormalizedEvent event = line(6);

        assertThat(event.action()).isEqualTo("google.cloud.run.v1.Services.CreateService");
        assertThat(event.region()).isEqualTo("europe-west1");
        assertThat(event.attribute("resource.type")).isEqualTo("cloud_run_revision");
    }

    @Test
    void readsLogNameWhoseSlashIsNotEscaped() throws IOException {
        NormalizedEvent event = line(9);

        assertThat(event.attribute("logType")).isEqualTo("data_access");
        assertThat(event.account()).isEqualTo("example-ml-prod");
        assertThat(event.region()).isEqualTo("us-central1");
    }

    @Test
    void fallsBackToReceiveTimestampWhenTimestampIsMissing() throws IOException {
        NormalizedEvent event = line(10);

        assertThat(event.time()).isEqualTo(Instant.parse("2024-12-16T19:00:00.500Z"));
    }

    @Test
    void takesRegionFromRegionLabel() throws IOException {
        assertThat(line(11).region()).isEqualTo("us-east1");
    }

    @Test
    void ignoresUnknownFieldsAndTakesPrincipalSubjectWhenThereIsNoEmail() throws IOException {
        NormalizedEvent event = line(12);

        assertThat(event.principal())
                .isEqualTo("principal://iam.googleapis.com/locations/global/workforcePools/example-pool/subject/dana");
        assertThat(event.sourceIp()).isEqualTo("198.51.100.88");
        assertThat(event.userAgent()).isEqualTo("curl/8.5.0");
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.attributes())
                .containsOnly(
                        entry("resource.labels.project_id", "example-ml-prod"),
                        entry("logType", "data_access"),
                        entry("severity", "NOTICE"),
                        entry("resource.type", "audited_resource"));
    }

    @Test
    void takesMachineTypeOfBulkInsertFromInstanceProperties() throws IOException {
        NormalizedEvent event = line(13);

        assertThat(event.attributes())
                .contains(
                        entry("machineType", "a2-highgpu-8g"),
                        entry("acceleratorType", "nvidia-tesla-a100"),
                        entry("request.count", "8"),
                        entry("request.instanceProperties.guestAccelerators.acceleratorCount", 8L));
    }

    @Test
    void takesMachineAndAcceleratorTypesOfGkeNodePool() throws IOException {
        NormalizedEvent event = line(14);

        assertThat(event.attributes())
                .contains(
                        entry("machineType", "g2-standard-48"),
                        entry("acceleratorType", "nvidia-l4"),
                        entry("request.nodePool.config.machineType", "g2-standard-48"));
        assertThat(event.region()).isEqualTo("us-central1");
    }

    @Test
    void givesAFailedLastEntryAnIdOfItsOwnSoTheFailureIsNotLost() throws IOException {
        List<NormalizedEvent> events = quirks().events;
        NormalizedEvent first = events.get(13);
        NormalizedEvent last = events.get(14);

        assertThat(first.eventId()).startsWith("op:compute.googleapis.com|operation-");
        assertThat(last.eventId()).isEqualTo(first.eventId() + "|failed");
        assertThat(first.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(first.attribute("machineType")).isEqualTo("a3-highgpu-8g");
        assertThat(last.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(last.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(last.attribute("operation.last")).isEqualTo(true);
    }

    @Test
    void neverTakesCloudStoragePlaceholderForProject() throws IOException {
        NormalizedEvent event = line(17);

        assertThat(event.account()).isNull();
        assertThat(event.resource()).startsWith("projects/_/buckets/example-model-weights/");
        assertThat(event.attribute("logType")).isEqualTo("data_access");
    }

    @Test
    void skipsOtherPayloadWhoseOddFieldsComeBeforeItsTypeAndReadsTheNextEntry() throws IOException {
        String odd = "{\"protoPayload\":{\"authorizationInfo\":[{\"granted\":{\"x\":[1,{\"y\":[2]}]}}],"
                + "\"status\":200,\"@type\":\"type.googleapis.com/google.appengine.logging.v1.RequestLog\","
                + "\"methodName\":\"GET\"},\"insertId\":\"odd-1\",\"timestamp\":\"2024-12-16T19:00:20Z\"}";
        String next = lines(QUIRKS).get(11);

        CollectingListener result = parse(utf8(odd + "\n" + next));

        assertThat(result.skipped).singleElement().asString().startsWith("0 log entry that is not an audit log: ");
        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly("q11");
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void rejectsAuditPayloadWithTheFirstOddFieldAfterReadingPastIt() throws IOException {
        String odd = "{\"protoPayload\":{\"authorizationInfo\":[{\"granted\":{\"x\":[1,{\"y\":[2]}]}}],"
                + "\"status\":{\"code\":\"seven\"},\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
                + "\"serviceName\":\"compute.googleapis.com\",\"methodName\":\"v1.compute.instances.insert\"},"
                + "\"insertId\":\"odd-2\",\"timestamp\":\"2024-12-16T19:00:21Z\"}";

        CollectingListener result = parse(utf8(odd));

        assertThat(result.rejections)
                .extracting(Rejection::reason)
                .containsExactly("protoPayload.authorizationInfo.granted must be true or false, not an object");
    }

    @Test
    void readsOperationWithoutProducer() throws IOException {
        String entry = lines(QUIRKS).get(15).replace("\"producer\":\"compute.googleapis.com\",", "");

        NormalizedEvent event = parse(utf8(entry)).event(0);

        assertThat(event.eventId())
                .isEqualTo("op:|operation-1734375616000-6295811b2c3d4-5e6f7a8b-9c0d1e2f|v1.compute.instances.insert");
    }

    @Test
    void readsTimestampWithNanoseconds() throws IOException {
        String entry = lines(QUIRKS).get(11).replace("19:00:11.000000Z", "19:00:11.123456789Z");

        NormalizedEvent event = parse(utf8(entry)).event(0);

        assertThat(event.time()).isEqualTo(Instant.parse("2024-12-16T19:00:11.123456789Z"));
    }
}
