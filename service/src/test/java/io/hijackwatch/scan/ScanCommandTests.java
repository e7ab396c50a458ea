package io.hijackwatch.scan;

import static io.hijackwatch.support.CloudSamples.azureOperationNewestFirst;
import static io.hijackwatch.support.CloudSamples.azureVmWrite;
import static io.hijackwatch.support.CloudSamples.gcpInstanceInsert;
import static io.hijackwatch.support.CloudSamples.gcpOperation;
import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.deniedDescribeRegions;
import static io.hijackwatch.support.CloudTrailSamples.gzip;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static io.hijackwatch.support.CloudTrailSamples.runInstances;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ScanCommandTests {

    @TempDir
    Path folder;

    /** What one run of the command printed, and its exit code. */
    record Run(int exitCode, String out, String err) {}

    @Test
    void countsEventsPerSourceAndNameAcrossAFolder() throws IOException {
        Path day = Files.createDirectories(folder.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2024/12/16"));
        Files.write(
                day.resolve("111122223333_CloudTrail_us-east-1_20241216T1840Z_a1.json.gz"),
                gzip(deliveryFile(List.of(runInstances("a"), runInstances("b"), deniedDescribeRegions("c")))));
        Files.writeString(
                day.resolve("111122223333_CloudTrail_us-east-1_20241216T1845Z_a2.json"),
                deliveryFile(List.of(runInstances("d"))));

        Run run = scan("--summary", folder.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("\\s3\\s+ec2\\.amazonaws\\.com\\s+RunInstances");
        assertThat(run.out()).containsPattern("\\s1\\s+ec2\\.amazonaws\\.com\\s+DescribeRegions");
        assertThat(run.out()).contains("events read: 4  records rejected: 0");
        assertThat(run.err()).contains("2 files, 4 events, 0 records rejected");
    }

    @Test
    void printsOneAlertPerIncidentNotOnePerEvent() throws IOException {
        Files.writeString(
                folder.resolve("111122223333_CloudTrail_us-west-2_20241216T0310Z_a.json"),
                deliveryFile(List.of(
                        quotaIncrease("q1", "2024-12-16T03:10:00Z", "legacy-deploy", 512),
                        quotaIncrease("q2", "2024-12-16T03:11:00Z", "legacy-deploy", 1024),
                        runInstances("unrelated"))));
        Files.writeString(
                folder.resolve("111122223333_CloudTrail_us-west-2_20241216T0315Z_b.json"),
                deliveryFile(List.of(quotaIncrease("q3", "2024-12-16T03:15:00Z", "legacy-deploy", 2048))));

        Run run = scan("--format", "json", folder.toString());

        List<JsonNode> quotaAlerts = run.out()
                .lines()
                .map(line -> JsonMapper.builder().build().readTree(line))
                .filter(node -> node.get("ruleId").asString().equals("aws.servicequotas.increase_requested"))
                .toList();
        assertThat(quotaAlerts).hasSize(1);
        JsonNode alert = quotaAlerts.get(0);
        assertThat(alert.get("ruleId").asString()).isEqualTo("aws.servicequotas.increase_requested");
        assertThat(alert.get("severity").asString()).isEqualTo("high");
        assertThat(alert.get("technique").asString()).isEqualTo("T1496.001");
        assertThat(alert.get("account").asString()).isEqualTo("111122223333");
        assertThat(alert.get("principal").asString()).isEqualTo("arn:aws:iam::111122223333:user/legacy-deploy");
        assertThat(alert.get("count").asLong()).isEqualTo(3);
        assertThat(alert.get("firstSeen").asString()).isEqualTo("2024-12-16T03:10:00Z");
        assertThat(alert.get("lastSeen").asString()).isEqualTo("2024-12-16T03:15:00Z");
        assertThat(alert.get("evidence").get("eventIds").toString()).contains("q1", "q2", "q3");
        assertThat(alert.get("evidence")
                        .get("fields")
                        .get("request.serviceCode")
                        .asString())
                .isEqualTo("ec2");
        assertThat(alert.get("runbook").size()).isGreaterThan(0);
        assertThat(run.err()).containsPattern("\\d+ alerts from \\d+ findings");
    }

    @Test
    void loadsTheOperatorsOwnRulesAndReportsTheOnesThatDoNotLoad() throws IOException {
        Path rules = Files.createDirectories(folder.resolve("rules"));
        Files.writeString(rules.resolve("broken.yaml"), "id: local.broken\ntitle: no samples\n");
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(logs.resolve("events.json"), deliveryFile(List.of(runInstances("a"))));

        Run run = scan("--rules", rules.toString(), logs.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("rule not loaded: ").contains("broken.yaml");
    }

    @Test
    void readsAFolderNamedThroughASymbolicLink() throws IOException {
        Path logs = Files.createDirectories(folder.resolve("mounted/logs"));
        Files.writeString(
                logs.resolve("111122223333_CloudTrail_us-east-1_20241216T1845Z_a2.json"),
                deliveryFile(List.of(runInstances("linked"))));
        Path link = Files.createSymbolicLink(folder.resolve("logs-link"), logs);

        Run run = scan("--summary", link.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("1 files, 1 events, 0 records rejected");
    }

    @Test
    void printsTheSummaryAsJson() throws IOException {
        Path file = Files.writeString(folder.resolve("events.json"), deliveryFile(List.of(runInstances("a"))));

        Run run = scan("--summary", "--format", "json", file.toString());

        JsonNode summary = lastLineAsJson(run);
        assertThat(summary.get("events").asLong()).isEqualTo(1);
        assertThat(summary.get("actions").get(0).get("eventName").asString()).isEqualTo("RunInstances");
        assertThat(summary.get("actions").get(0).get("count").asLong()).isEqualTo(1);
    }

    @Test
    void reportsMalformedRecordsAndKeepsScanning() throws IOException {
        String records = runInstances("ok-1") + "\n{\"eventTime\": broken}\n{\"eventTime\": \"cut\n"
                + runInstances("ok-2") + "\n";
        Path file = Files.writeString(folder.resolve("lines.jsonl"), records);

        Run run = scan("--summary", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("lines.jsonl: record 1 rejected: invalid JSON");
        assertThat(run.err()).contains("lines.jsonl: record 2 rejected: record is cut off at the end of its line");
        assertThat(run.out()).contains("events read: 2  records rejected: 2");
    }

    @Test
    void reportsAFileCutOffMidStreamAndScansTheOthers() throws IOException {
        byte[] whole = gzip(deliveryFile("cut", 50));
        Files.write(folder.resolve("a-cut.json.gz"), Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(folder.resolve("b-whole.json"), deliveryFile(List.of(runInstances("whole"))));

        Run run = scan("--summary", "--format", "json", folder.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("a-cut.json.gz: could not be read to its end");
        JsonNode summary = lastLineAsJson(run);
        assertThat(summary.get("unreadableFiles").asLong()).isEqualTo(1);
        assertThat(summary.get("files").asLong()).isEqualTo(2);
        assertThat(summary.get("events").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void leavesDigestFilesOutOfFolders() throws IOException {
        Path digests = Files.createDirectories(folder.resolve("AWSLogs/111122223333/CloudTrail-Digest/us-east-1"));
        Files.writeString(
                digests.resolve("111122223333_CloudTrail-Digest_us-east-1_trail_20241216T190000Z.json.gz"), "{}");
        Files.writeString(folder.resolve("events.json"), deliveryFile(List.of(runInstances("a"))));

        Run run = scan(folder.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("1 files, 1 events").contains("1 digest files left out");
    }

    @Test
    void scansAFolderMixingCloudTrailAzureAndGcpInOneRun() throws IOException {
        Files.writeString(folder.resolve("cloudtrail.json"), deliveryFile(List.of(runInstances("ct-1"))));
        Files.write(
                folder.resolve("azure-PT1H.json.gz"),
                gzip("{\"value\":[" + azureVmWrite("c-1", "2024-12-16T18:41:07Z", "Succeeded") + "]}"));
        Files.writeString(
                folder.resolve("gcp-audit.jsonl"), gcpInstanceInsert("g-1", "2024-12-16T18:41:07Z", "n2-standard-4"));

        Run run = scan("--summary", folder.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .containsPattern("1\\s+ec2\\.amazonaws\\.com\\s+RunInstances")
                .containsPattern("1\\s+microsoft\\.compute\\s+microsoft\\.compute/virtualmachines/write")
                .containsPattern("1\\s+compute\\.googleapis\\.com\\s+v1\\.compute\\.instances\\.insert")
                .contains("events read: 3  records rejected: 0");
    }

    @Test
    void raisesExactlyOneAlertForAnAzureQuotaRequestAndOneForAnAiProviderRegistration() throws IOException {
        String subscription = "/subscriptions/7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f";
        Files.writeString(
                folder.resolve("quota.json"),
                azureOperationNewestFirst(
                        "corr-quota",
                        "Microsoft.Quota/quotas/write",
                        subscription + "/providers/Microsoft.Compute/locations/eastus2/providers/Microsoft.Quota"
                                + "/quotas/standardNCADSH100v5Family",
                        "{\"properties\":{\"limit\":{\"limitObjectType\":\"LimitValue\",\"value\":320},"
                                + "\"name\":{\"value\":\"standardNCADSH100v5Family\"}}}"));
        Files.writeString(
                folder.resolve("register.json"),
                azureOperationNewestFirst(
                        "corr-register",
                        "Microsoft.CognitiveServices/register/action",
                        subscription + "/providers/Microsoft.CognitiveServices",
                        null));

        Run run = scan("--format", "json", folder.toString());

        List<JsonNode> alerts = run.out()
                .lines()
                .map(line -> JsonMapper.builder().build().readTree(line))
                .toList();
        assertThat(alerts)
                .extracting(alert -> alert.get("ruleId").asString() + " "
                        + alert.get("technique").asString() + " "
                        + alert.get("count").asLong())
                .containsExactlyInAnyOrder(
                        "azure.quota.increase_requested T1496.001 1", "azure.resources.provider_registered T1496 1");
        assertThat(alerts)
                .filteredOn(alert -> alert.get("ruleId").asString().equals("azure.quota.increase_requested"))
                .singleElement()
                .satisfies(alert -> assertThat(alert.get("severity").asString())
                        .as("the Started record, with the request body, was the one evaluated")
                        .isEqualTo("critical"));
        assertThat(run.err()).contains("2 duplicate events");
    }

    @Test
    void raisesExactlyOneAlertForAGcpBatchEnableOfAiServicesAndOneForAGpuInsert() throws IOException {
        Files.writeString(
                folder.resolve("enable.jsonl"),
                gcpOperation(
                        "operations/acat.p2-123456789012-0f1e2d3c",
                        "serviceusage.googleapis.com",
                        "google.api.serviceusage.v1.ServiceUsage.BatchEnableServices",
                        "projects/123456789012",
                        "{\"@type\":\"type.googleapis.com/google.api.serviceusage.v1.BatchEnableServicesRequest\","
                                + "\"parent\":\"projects/123456789012\",\"serviceIds\":"
                                + "[\"aiplatform.googleapis.com\",\"generativelanguage.googleapis.com\"]}"));
        Files.writeString(
                folder.resolve("insert.jsonl"),
                gcpOperation(
                        "operation-1734375600000-62a1b3c4d5e6f-7a8b9c0d-1e2f3a4b",
                        "compute.googleapis.com",
                        "v1.compute.instances.insert",
                        "projects/example-ml-prod/zones/us-central1-a/instances/worker-1",
                        "{\"@type\":\"type.googleapis.com/compute.instances.insert\",\"name\":\"worker-1\","
                                + "\"machineType\":\"projects/example-ml-prod/zones/us-central1-a/machineTypes/"
                                + "a2-highgpu-1g\",\"guestAccelerators\":[{\"acceleratorType\":\"projects/"
                                + "example-ml-prod/zones/us-central1-a/acceleratorTypes/nvidia-tesla-a100\","
                                + "\"acceleratorCount\":1}]}"));

        Run run = scan("--format", "json", folder.toString());

        List<JsonNode> alerts = run.out()
                .lines()
                .map(line -> JsonMapper.builder().build().readTree(line))
                .toList();
        assertThat(alerts)
                .extracting(alert -> alert.get("ruleId").asString() + " "
                        + alert.get("technique").asString() + " "
                        + alert.get("count").asLong())
                .containsExactlyInAnyOrder(
                        "gcp.serviceusage.ai_service_enabled T1496.004 1",
                        "gcp.compute.gpu_instance_created T1496.001 1");
        assertThat(run.err()).contains("2 duplicate events");
    }

    @Test
    void recognizesEachFilesFormatAndReportsAFileItCannotPlace() throws IOException {
        Files.writeString(folder.resolve("a.json"), deliveryFile(List.of(runInstances("a"))));
        Files.writeString(folder.resolve("b.json"), "{\"metrics\": [1, 2, 3]}");

        Run run = scan("--summary", folder.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("b.json: the format is not one this scan recognizes; name it with --input");
        assertThat(run.out()).contains("events read: 1").contains("unrecognized files: 1");
    }

    @Test
    void readsAnEmptyFileAsNoEvents() throws IOException {
        Path empty = Files.createFile(folder.resolve("empty.json"));

        Run run = scan("--summary", empty.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("events read: 0  records rejected: 0");
    }

    @Test
    void failsWithExitCodeTwoOnAPathThatDoesNotExist() {
        Run run = scan(folder.resolve("missing").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("hijackwatch scan: no such file or folder: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void failsWithExitCodeTwoOnUsageErrors() {
        assertThat(scan().exitCode()).isEqualTo(2);
        assertThat(scan("--format", "xml", folder.toString()).err()).contains("--format takes json or text");
        assertThat(scan("--verbose", folder.toString()).err()).contains("unknown option --verbose");
        assertThat(scan("--threads", "0", folder.toString()).exitCode()).isEqualTo(2);
        assertThat(scan("--input", "syslog", folder.toString()).err()).contains("--input takes auto or one of");
    }

    /** With {@code --format json}, alerts come one per line and the summary last. */
    private static JsonNode lastLineAsJson(Run run) {
        List<String> lines = run.out().lines().toList();
        return JsonMapper.builder().build().readTree(lines.get(lines.size() - 1));
    }

    private static Run scan(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = ScanCommand.NAME;
        System.arraycopy(options, 0, args, 1, options.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exitCode = ScanCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
