package io.hijackwatch.collector.gcp;

import static io.hijackwatch.collector.gcp.Fixtures.bytes;
import static io.hijackwatch.collector.gcp.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The normalized event each kind of audit log entry becomes. */
class GcpAuditNormalizationTest {

    private static final String PROJECT = "example-ml-prod";
    private static final String DEPLOYER = "deployer@example-ml-prod.iam.gserviceaccount.com";
    private static final String INSTANCE = "projects/example-ml-prod/zones/us-central1-a/instances/train-node-01";
    private static final String INSERT_OPERATION =
            "op:compute.googleapis.com|operation-1734374467123-62957c1f2a3b4-5c6d7e8f-9a0b1c2d"
                    + "|v1.compute.instances.insert";
    private static final String MODEL =
            "projects/example-ml-prod/locations/us-central1/publishers/google/models/gemini-1.5-pro-002";
    private static final String GCLOUD = "google-cloud-sdk gcloud/502.0.0 command/gcloud.compute.instances.create"
            + " invocation-id/5d1e7c0a9b8f4e2d8c6b4a2e0f1d3c5b environment/None environment-version/None"
            + " client-os/LINUX client-os-ver/6.8.0 client-pltf-arch/x86_64 interactive/False from-script/True"
            + " python/3.12.7 term/ (Linux 6.8.0-1015-gcp),gzip(gfe)";
    private static final String TERRAFORM = "google-api-go-client/0.5 Terraform/1.9.8 (+https://www.terraform.io)"
            + " Terraform-Plugin-SDK/2.33.0 terraform-provider-google/6.12.0,gzip(gfe)";

    private static NormalizedEvent event(int position) throws IOException {
        return parse(bytes("entries.jsonl")).event(position);
    }

    @Test
    void normalizesFirstEntryOfGpuInstanceInsert() throws IOException {
        NormalizedEvent event = event(0);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.GCP,
                        INSERT_OPERATION,
                        PROJECT,
                        "us-central1",
                        Instant.parse("2024-12-16T18:41:07.482310Z"),
                        "compute.googleapis.com",
                        "v1.compute.instances.insert",
                        DEPLOYER,
                        "203.0.113.45",
                        GCLOUD,
                        Outcome.SUCCESS,
                        null,
                        INSTANCE,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("machineType", "n1-standard-16"),
                        entry("acceleratorType", "nvidia-tesla-t4"),
                        entry(
                                "request.machineType",
                                "projects/example-ml-prod/zones/us-central1-a/machineTypes/n1-standard-16"),
                        entry(
                                "request.guestAccelerators.acceleratorType",
                                "projects/example-ml-prod/zones/us-central1-a/acceleratorTypes/nvidia-tesla-t4"),
                        entry("request.guestAccelerators.acceleratorCount", 4L),
                        entry("request.scheduling.provisioningModel", "STANDARD"),
                        entry("request.@type", "type.googleapis.com/compute.instances.insert"),
                        entry("response.operationType", "insert"),
                        entry("response.status", "RUNNING"),
                        entry("logType", "activity"),
                        entry("severity", "NOTICE"),
                        entry("resource.type", "gce_instance"),
                        entry("resource.labels.project_id", PROJECT),
                        entry("resource.labels.zone", "us-central1-a"),
                        entry("resource.labels.instance_id", "2745301198823746651"),
                        entry(
                                "authorization.permission",
                                List.of(
                                        "compute.instances.create",
                                        "compute.disks.create",
                                        "compute.subnetworks.use",
                                        "iam.serviceAccounts.actAs")),
                        entry("authorization.granted", List.of(true, true, true, true)),
                        entry("operation.first", true),
                        entry(
                                "authentication.serviceAccountKeyName",
                                "//iam.googleapis.com/projects/example-ml-prod/serviceAccounts/" + DEPLOYER
                                        + "/keys/4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e"))
                .doesNotContainKeys("operation.last", "delegation", "status.message", "service.enabled");
    }

    @Test
    void givesLastEntryOfOperationTheIdOfItsFirst() throws IOException {
        NormalizedEvent first = event(0);
        NormalizedEvent last = event(1);

        assertThat(last.eventId()).isEqualTo(first.eventId()).isEqualTo(INSERT_OPERATION);
        assertThat(last.time()).isEqualTo(Instant.parse("2024-12-16T18:41:19.103877Z"));
        assertThat(last.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(last.attributes())
                .contains(entry("operation.last", true))
                .doesNotContainKeys("operation.first", "machineType", "request.machineType");
    }

    @Test
    void normalizesDeniedInsertAsFailureWithGrpcCodeName() throws IOException {
        NormalizedEvent event = event(2);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.GCP,
                        "1w8c0aqe5fq2b",
                        PROJECT,
                        "europe-west4",
                        Instant.parse("2024-12-16T18:39:55.091265Z"),
                        "compute.googleapis.com",
                        "beta.compute.instances.insert",
                        "build-bot@example-ml-prod.iam.gserviceaccount.com",
                        "198.51.100.77",
                        TERRAFORM,
                        Outcome.FAILURE,
                        "PERMISSION_DENIED",
                        "projects/example-ml-prod/zones/europe-west4-a/instances/gpu-worker-7",
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("machineType", "a2-highgpu-8g"),
                        entry("request.scheduling.provisioningModel", "SPOT"),
                        entry("authorization.permission", "compute.instances.create"),
                        entry("authorization.granted", false),
                        entry("severity", "ERROR"),
                        entry("response.error.code", 403L),
                        entry("response.error.errors.reason", "forbidden"),
                        entry(
                                "status.message",
                                "Required 'compute.instances.create' permission for"
                                        + " 'projects/example-ml-prod/zones/europe-west4-a/instances/gpu-worker-7'"))
                .doesNotContainKeys("operation.first", "operation.last", "acceleratorType");
    }

    @Test
    void normalizesEnableServiceWithTheServiceFromItsResourceName() throws IOException {
        NormalizedEvent event = event(3);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes", "userAgent")
                .isEqualTo(new NormalizedEvent(
                        Provider.GCP,
                        "op:serviceusage.googleapis.com|operations/acat.p2-123456789012-0f1e2d3c-4b5a-4978-8c9d"
                                + "-0e1f2a3b4c5d|google.api.serviceusage.v1.ServiceUsage.EnableService",
                        PROJECT,
                        null,
                        Instant.parse("2024-12-16T18:30:01.997531Z"),
                        "serviceusage.googleapis.com",
                        "google.api.serviceusage.v1.ServiceUsage.EnableService",
                        "dana.ops@example.com",
                        "198.51.100.14",
                        null,
                        Outcome.SUCCESS,
                        null,
                        "projects/123456789012/services/aiplatform.googleapis.com",
                        null));
        assertThat(event.userAgent()).startsWith("google-cloud-sdk gcloud/502.0.0 command/gcloud.services.enable ");
        assertThat(event.attributes())
                .contains(
                        entry("service.enabled", "aiplatform.googleapis.com"),
                        entry("request.name", "projects/example-ml-prod/services/aiplatform.googleapis.com"),
                        entry("authorization.permission", "serviceusage.services.enable"),
                        entry("resource.type", "audited_resource"),
                        entry("resource.labels.service", "serviceusage.googleapis.com"),
                        entry("operation.first", true));
    }

    @Test
    void normalizesBatchEnableServicesWithEveryServiceItEnables() throws IOException {
        NormalizedEvent event = event(4);

        assertThat(event.action()).isEqualTo("google.api.serviceusage.v1.ServiceUsage.BatchEnableServices");
        assertThat(event.account()).isEqualTo(PROJECT);
        assertThat(event.resource()).isEqualTo("projects/123456789012");
        assertThat(event.eventId())
                .isEqualTo("op:serviceusage.googleapis.com|operations/acat.p2-123456789012-7a6b5c4d-3e2f-4a1b-9c8d"
                        + "-7e6f5a4b3c2d|google.api.serviceusage.v1.ServiceUsage.BatchEnableServices");
        List<String> services =
                List.of("compute.googleapis.com", "container.googleapis.com", "cloudquotas.googleapis.com");
        assertThat(event.attributes())
                .contains(entry("service.enabled", services), entry("request.serviceIds", services));
    }

    @Test
    void normalizesQuotaPreferenceWithRequestedValue() throws IOException {
        NormalizedEvent event = event(5);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.GCP,
                        "1c9x7v5b3n1ma",
                        PROJECT,
                        "global",
                        Instant.parse("2024-12-16T18:35:12.758804Z"),
                        "cloudquotas.googleapis.com",
                        "google.api.cloudquotas.v1.CloudQuotas.CreateQuotaPreference",
                        DEPLOYER,
                        "203.0.113.45",
                        "grpc-python/1.68.1 grpc-c/44.1.0 (linux; chttp2),gzip(gfe)",
                        Outcome.SUCCESS,
                        null,
                        "projects/example-ml-prod/locations/global/quotaPreferences/a100-us-central1",
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("request.quotaPreference.service", "compute.googleapis.com"),
                        entry("request.quotaPreference.quotaId", "NVIDIA-A100-GPUS-per-project-region"),
                        entry("request.quotaPreference.quotaConfig.preferredValue", "64"),
                        entry("request.quotaPreference.dimensions.region", "us-central1"),
                        entry("response.quotaConfig.grantedValue", "0"),
                        entry("response.reconciling", true))
                .doesNotContainKeys("service.enabled", "machineType");
    }

    @Test
    void normalizesDataAccessEntryWithDelegationChain() throws IOException {
        NormalizedEvent event = event(6);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.GCP,
                        "f1e2d3c4b5a6",
                        PROJECT,
                        "us-central1",
                        Instant.parse("2024-12-16T18:47:13.652947Z"),
                        "aiplatform.googleapis.com",
                        "google.cloud.aiplatform.v1.PredictionService.GenerateContent",
                        "llm-runner@example-ml-prod.iam.gserviceaccount.com",
                        "198.51.100.23",
                        "python-requests/2.32.3,gzip(gfe)",
                        Outcome.SUCCESS,
                        null,
                        MODEL,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("logType", "data_access"),
                        entry("severity", "INFO"),
                        entry("delegation", "dana.ops@example.com"),
                        entry("authorization.permission", "aiplatform.endpoints.predict"),
                        entry("request.model", MODEL));
    }

    @Test
    void normalizesSystemEventWithoutCallerAddress() throws IOException {
        NormalizedEvent event = event(7);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.GCP,
                        "op:compute.instances.preempted|systemevent-1734379364000-62958a3b4c5d6-7e8f9a0b-1c2d3e4f"
                                + "|compute.instances.preempted",
                        PROJECT,
                        "us-central1",
                        Instant.parse("2024-12-16T20:02:44.315202Z"),
                        "compute.googleapis.com",
                        "compute.instances.preempted",
                        "system@google.com",
                        null,
                        null,
                        Outcome.SUCCESS,
                        null,
                        INSTANCE,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("logType", "system_event"),
                        entry("status.message", "Instance was preempted."),
                        entry("operation.first", true),
                        entry("operation.last", true));
    }

    @Test
    void normalizesPolicyDenialWithItsMetadata() throws IOException {
        NormalizedEvent event = event(8);

        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.errorCode()).isEqualTo("PERMISSION_DENIED");
        assertThat(event.account()).isEqualTo(PROJECT);
        assertThat(event.resource()).isEqualTo("projects/123456789012");
        assertThat(event.principal()).isEqualTo("contractor@example.com");
        assertThat(event.attributes())
                .contains(
                        entry("logType", "policy"),
                        entry("metadata.violationReason", "NO_MATCHING_ACCESS_LEVEL"),
                        entry(
                                "metadata.securityPolicyInfo.servicePerimeterName",
                                "accessPolicies/482910374/servicePerimeters/ml_perimeter"),
                        entry("metadata.resourceNames", MODEL))
                .doesNotContainKeys("authorization.permission");
    }
}
