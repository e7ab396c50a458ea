package io.hijackwatch.collector.azure;

import static io.hijackwatch.collector.azure.Fixtures.bytes;
import static io.hijackwatch.collector.azure.Fixtures.gzip;
import static io.hijackwatch.collector.azure.Fixtures.inTinyChunks;
import static io.hijackwatch.collector.azure.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.EventParsers;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shapes the Activity Log is exported in, and the normalized event each kind of record becomes. */
class AzureActivityParserTest {

    static final String SUBSCRIPTION = "7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f";
    static final String TENANT = "3c9a7e21-5b6d-4f80-9a1c-2e3d4f5a6b7c";
    static final String USER = "dana.ops@example.com";
    static final String USER_OID = "5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
    static final String AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    static final String SP_APP = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    static final String SP_OID = "2f3e4d5c-6b7a-4980-8a1b-2c3d4e5f6a7b";
    static final String USER_IP = "203.0.113.45";
    static final String SP_IP = "198.51.100.23";
    static final String RG = "/subscriptions/" + SUBSCRIPTION + "/resourcegroups/";
    static final String VM1 = RG + "rg-ml-training/providers/microsoft.compute/virtualmachines/train-gpu-01";
    static final String VM2 = RG + "rg-ml-training/providers/microsoft.compute/virtualmachines/train-gpu-02";
    static final String VM_WRITE = "microsoft.compute/virtualmachines/write";
    static final String VM1_CREATION = "4f1c2b3a-8d7e-4a6b-9c5d-0e1f2a3b4c5d|" + VM_WRITE + "|" + VM1;
    static final String QUOTA =
            "/subscriptions/" + SUBSCRIPTION + "/providers/microsoft.compute/locations/swedencentral"
                    + "/providers/microsoft.quota/quotas/standardndasv4_a100family";
    static final String HIERARCHY = TENANT + "/" + SUBSCRIPTION;

    private static final String REST_PAGE = "rest-api-page.json";

    @Test
    void readsEveryEventOfRestApiPageInOrder() throws IOException {
        CollectingListener result = parse(bytes(REST_PAGE));

        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly(VM_WRITE, VM_WRITE, VM_WRITE, VM_WRITE, "microsoft.quota/quotas/write");
        assertThat(result.events)
                .extracting(event -> event.attribute("status"))
                .containsExactly("Started", "Accepted", "Succeeded", "Failed", "Started");
        assertThat(result.rejections).isEmpty();
        assertThat(result.skipped).isEmpty();
    }

    @Test
    void normalizesGpuVmCreationStartedThroughRestApi() throws IOException {
        NormalizedEvent event = parse(bytes(REST_PAGE)).event(0);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AZURE,
                        VM1_CREATION,
                        SUBSCRIPTION,
                        "swedencentral",
                        Instant.parse("2024-12-16T18:41:07.3810679Z"),
                        "microsoft.compute",
                        VM_WRITE,
                        USER,
                        USER_IP,
                        null,
                        Outcome.UNKNOWN,
                        null,
                        VM1,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("request.properties.hardwareProfile.vmSize", "Standard_NC24ads_A100_v4"),
                        entry("request.location", "swedencentral"),
                        entry("request.properties.priority", "Spot"),
                        entry("request.properties.billingProfile.maxPrice", -1L),
                        entry("request.properties.storageProfile.imageReference.offer", "ubuntu-hpc"),
                        entry("request.properties.osProfile.linuxConfiguration.disablePasswordAuthentication", true),
                        entry("status", "Started"),
                        entry("category", "Administrative"),
                        entry("level", "Informational"),
                        entry("resourceGroup", "rg-ml-training"),
                        entry("identity.type", "User"),
                        entry("claims.upn", USER),
                        entry("claims.appid", AZURE_CLI),
                        entry("claims.oid", USER_OID),
                        entry("claims.idtyp", "user"),
                        entry("authorization.action", VM_WRITE),
                        entry("authorization.scope", VM1),
                        entry("authorization.role", "Contributor"),
                        entry("httpRequest.method", "PUT"),
                        entry("tenantId", TENANT),
                        entry("properties.message", "Microsoft.Compute/virtualMachines/write"),
                        entry("properties.hierarchy", HIERARCHY))
                .doesNotContainKeys("subStatus", "properties.requestbody", "request");
    }

    @Test
    void givesStartedAcceptedAndSucceededRecordsOfOneOperationOneEventId() throws IOException {
        List<NormalizedEvent> events = parse(bytes(REST_PAGE)).events.subList(0, 3);

        assertThat(events).extracting(NormalizedEvent::eventId).containsOnly(VM1_CREATION);
        assertThat(events)
                .extracting(NormalizedEvent::outcome)
                .containsExactly(Outcome.UNKNOWN, Outcome.UNKNOWN, Outcome.SUCCESS);
        assertThat(events.get(1).attributes())
                .contains(
                        entry("subStatus", "Created"),
                        entry("properties.statusCode", "Created"),
                        entry("response.properties.provisioningState", "Creating"),
                        entry("response.properties.hardwareProfile.vmSize", "Standard_NC24ads_A100_v4"));
        assertThat(events.get(1).region()).isEqualTo("swedencentral");
        assertThat(events.get(2).region()).isNull();
    }

    @Test
    void normalizesQuotaDenialAsFailureWithTheCodeOfItsStatusMessage() throws IOException {
        NormalizedEvent event = parse(bytes(REST_PAGE)).event(3);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AZURE,
                        "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d|" + VM_WRITE + "|" + VM2 + "|failed",
                        SUBSCRIPTION,
                        null,
                        Instant.parse("2024-12-16T18:45:12.0417736Z"),
                        "microsoft.compute",
                        VM_WRITE,
                        USER,
                        USER_IP,
                        null,
                        Outcome.FAILURE,
                        "OperationNotAllowed",
                        VM2,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("status", "Failed"),
                        entry("subStatus", "Conflict"),
                        entry("level", "Error"),
                        entry("properties.statusCode", "Conflict"),
                        entry("properties.statusMessage.error.code", "OperationNotAllowed"),
                        entry("properties.statusMessage.error.details.code", "QuotaExceeded"))
                .doesNotContainKey("properties.serviceRequestId");
        assertThat((String) event.attribute("properties.statusMessage.error.message"))
                .startsWith("Operation could not be completed as it results in exceeding approved")
                .endsWith("listed in the 'Details' section for deployment to succeed.");
    }

    @Test
    void normalizesQuotaIncreaseRequestWithEveryAttribute() throws IOException {
        NormalizedEvent event = parse(bytes(REST_PAGE)).event(4);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AZURE,
                        "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f|microsoft.quota/quotas/write|" + QUOTA,
                        SUBSCRIPTION,
                        "swedencentral",
                        Instant.parse("2024-12-16T18:47:33.5528017Z"),
                        "microsoft.quota",
                        "microsoft.quota/quotas/write",
                        USER,
                        USER_IP,
                        null,
                        Outcome.UNKNOWN,
                        null,
                        QUOTA,
                        null));
        assertThat(event.attributes())
                .isEqualTo(Map.ofEntries(
                        entry("status", "Started"),
                        entry("category", "Administrative"),
                        entry("level", "Informational"),
                        entry("identity.type", "User"),
                        entry("claims.upn", USER),
                        entry("claims.appid", AZURE_CLI),
                        entry("claims.oid", USER_OID),
                        entry("claims.idtyp", "user"),
                        entry("authorization.action", "microsoft.quota/quotas/write"),
                        entry("authorization.scope", QUOTA),
                        entry("httpRequest.method", "PUT"),
                        entry("tenantId", TENANT),
                        entry("request.properties.limit.limitObjectType", "LimitValue"),
                        entry("request.properties.limit.value", 96L),
                        entry("request.properties.name", "standardNDASv4_A100Family"),
                        entry("properties.eventCategory", "Administrative"),
                        entry(
                                "properties.entity",
                                "/subscriptions/" + SUBSCRIPTION
                                        + "/providers/Microsoft.Compute/locations/swedencentral"
                                        + "/providers/Microsoft.Quota/quotas/standardNDASv4_A100Family"),
                        entry("properties.message", "Microsoft.Quota/quotas/write"),
                        entry("properties.hierarchy", HIERARCHY)));
    }

    @Test
    void readsGzippedRestApiPageLikeThePlainOne() throws IOException {
        List<NormalizedEvent> plain = parse(bytes(REST_PAGE)).events;

        CollectingListener compressed = parse(gzip(bytes(REST_PAGE)));

        assertThat(compressed.events).hasSize(5).isEqualTo(plain);
        assertThat(compressed.rejections).isEmpty();
    }

    @Test
    void readsPlainAndGzippedFilesArrivingInTinyChunks() throws IOException {
        List<NormalizedEvent> whole = parse(bytes("event-hubs-message.json")).events;

        CollectingListener plain = parse(new AzureActivityParser(), inTinyChunks(bytes("event-hubs-message.json")));
        CollectingListener compressed =
                parse(new AzureActivityParser(), inTinyChunks(gzip(bytes("event-hubs-message.json"))));

        assertThat(plain.events).hasSize(4).isEqualTo(whole);
        assertThat(compressed.events).isEqualTo(whole);
    }

    @Test
    void readsTopLevelArrayPrintedByAzCli() throws IOException {
        CollectingListener result = parse(bytes("az-activity-log-list.json"));

        assertThat(result.rejections).isEmpty();
        assertThat(result.event(0))
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AZURE,
                        "d6f7a8b9-c0d1-4425-96e7-f8a9b0c1d2e3|microsoft.machinelearningservices/register/action|"
                                + "/subscriptions/" + SUBSCRIPTION + "/providers/microsoft.machinelearningservices",
                        SUBSCRIPTION,
                        null,
                        Instant.parse("2024-12-16T18:30:14.2209871Z"),
                        "microsoft.machinelearningservices",
                        "microsoft.machinelearningservices/register/action",
                        SP_OID,
                        SP_IP,
                        null,
                        Outcome.SUCCESS,
                        null,
                        "/subscriptions/" + SUBSCRIPTION + "/providers/microsoft.machinelearningservices",
                        null));
        assertThat(result.event(0).attributes())
                .contains(
                        entry("identity.type", "ServicePrincipal"),
                        entry("claims.appid", SP_APP),
                        entry("claims.oid", SP_OID),
                        entry("claims.idtyp", "app"),
                        entry("subStatus", "OK"),
                        entry("httpRequest.method", "POST"))
                .doesNotContainKeys("claims.upn", "resourceGroup");
        assertThat(result.event(1).action()).isEqualTo("microsoft.cognitiveservices/accounts/listkeys/action");
        assertThat(result.event(1).service()).isEqualTo("microsoft.cognitiveservices");
        assertThat(result.event(1).sourceIp()).isEqualTo("203.0.113.88");
        assertThat(result.event(1).attribute("resourceGroup")).isEqualTo("rg-ai-prod");
    }

    @Test
    void readsSnakeCaseEventsWrittenByPythonSdk() throws IOException {
        CollectingListener result = parse(bytes("python-sdk-events.jsonl"));

        assertThat(result.rejections).isEmpty();
        NormalizedEvent containers = result.event(0);
        assertThat(containers)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AZURE,
                        "f8b9c0d1-e2f3-4647-b8a9-b0c1d2e3f4a5|microsoft.containerinstance/containergroups/write|" + RG
                                + "rg-batch/providers/microsoft.containerinstance/containergroups/batch-worker-7",
                        SUBSCRIPTION,
                        "brazilsouth",
                        Instant.parse("2024-12-16T19:02:44.118503Z"),
                        "microsoft.containerinstance",
                        "microsoft.containerinstance/containergroups/write",
                        SP_OID,
                        SP_IP,
                        null,
                        Outcome.UNKNOWN,
                        null,
                        RG + "rg-batch/providers/microsoft.containerinstance/containergroups/batch-worker-7",
                        null));
        assertThat(containers.attributes())
                .contains(
                        entry(
                                "request.properties.containers.properties.image",
                                List.of("docker.io/examplecorp/xmr-worker:latest", "docker.io/examplecorp/relay:1.4")),
                        entry("request.properties.containers.properties.resources.requests.cpu", List.of(4.0, 1.0)),
                        entry("identity.type", "ServicePrincipal"),
                        entry("resourceGroup", "rg-batch"),
                        entry("status", "Started"));
        assertThat(result.event(1).attributes())
                .contains(
                        entry("request.sku.name", "GlobalStandard"),
                        entry("request.sku.capacity", 450L),
                        entry("request.properties.model.name", "gpt-4o"));
    }

    @Test
    void readsDiagnosticExportFromEventHubsAndSkipsOtherResourceLogs() throws IOException {
        CollectingListener result = parse(bytes("event-hubs-message.json"));

        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly(
                        VM_WRITE,
                        VM_WRITE,
                        "microsoft.containerinstance/containergroups/write",
                        "microsoft.cognitiveservices/accounts/deployments/write");
        assertThat(result.skipped)
                .containsExactly("3 not an Activity Log record: category NonInteractiveUserSignInLogs");
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsRequestBodyGivenAsObjectAndNamesServicePrincipalByObjectId() throws IOException {
        NormalizedEvent event = parse(bytes("event-hubs-message.json")).event(2);

        assertThat(event.principal()).isEqualTo(SP_OID);
        assertThat(event.sourceIp()).isEqualTo(SP_IP);
        assertThat(event.region()).isEqualTo("brazilsouth");
        assertThat(event.attributes())
                .contains(
                        entry("request.properties.containers.name", List.of("worker", "relay")),
                        entry(
                                "request.properties.containers.properties.command",
                                List.of("/bin/worker", "--threads", "4")),
                        entry("identity.type", "ServicePrincipal"),
                        entry("authorization.role", "Contributor"),
                        entry("level", "Informational"));
    }

    @Test
    void takesErrorCodeFromResponseBodyOfFailedExportRecord() throws IOException {
        NormalizedEvent event = parse(bytes("event-hubs-message.json")).event(3);

        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.errorCode()).isEqualTo("InsufficientQuota");
        assertThat(event.eventId()).endsWith("/deployments/gpt-4o-bulk|failed");
        assertThat(event.region()).isNull();
        assertThat(event.account()).isEqualTo(SUBSCRIPTION);
        assertThat(event.attributes())
                .contains(
                        entry("status", "Failed"),
                        entry("subStatus", "BadRequest"),
                        entry("response.error.code", "InsufficientQuota"),
                        entry("properties.statusCode", "BadRequest"),
                        entry("level", "Error"));
    }

    @Test
    void readsStorageAccountExportOneRecordPerLine() throws IOException {
        CollectingListener result = parse(bytes("storage-PT1H.json"));

        NormalizedEvent registration = result.event(0);
        assertThat(registration)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AZURE,
                        "c1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a|microsoft.compute/register/action|/subscriptions/"
                                + SUBSCRIPTION + "/providers/microsoft.compute",
                        SUBSCRIPTION,
                        null,
                        Instant.parse("2024-12-16T18:29:51.0038817Z"),
                        "microsoft.compute",
                        "microsoft.compute/register/action",
                        SP_OID,
                        SP_IP,
                        null,
                        Outcome.SUCCESS,
                        null,
                        "/subscriptions/" + SUBSCRIPTION + "/providers/microsoft.compute",
                        null));
        assertThat(registration.attributes())
                .contains(entry("category", "Administrative"), entry("status", "Succeeded"), entry("subStatus", "OK"));
        assertThat(result.event(1).eventId())
                .isEqualTo(parse(bytes(REST_PAGE)).event(4).eventId());
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsLogAnalyticsRowsWithPropertiesAsStringOrObject() throws IOException {
        CollectingListener result = parse(bytes("log-analytics-query.json"));

        assertThat(result.rejections).isEmpty();
        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly(
                        VM_WRITE,
                        "microsoft.quota/quotas/write",
                        "microsoft.resources/subscriptions/providers/register/action");
        NormalizedEvent quota = result.event(1);
        assertThat(quota.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(quota.eventId()).isEqualTo(parse(bytes(REST_PAGE)).event(4).eventId());
        assertThat(quota.attributes())
                .contains(
                        entry("response.properties.limit.value", 96L),
                        entry("response.properties.provisioningState", "Succeeded"),
                        entry("properties.activityStatusValue", "Success"),
                        entry("status", "Succeeded"),
                        entry("subStatus", "OK"),
                        entry("claims.upn", USER))
                .doesNotContainKeys("resourceGroup", "tenantId");
        NormalizedEvent registration = result.event(2);
        assertThat(registration.principal()).isEqualTo(SP_OID);
        assertThat(registration.resource())
                .isEqualTo("/subscriptions/" + SUBSCRIPTION + "/providers/microsoft.cognitiveservices");
        assertThat(registration.service()).isEqualTo("microsoft.resources");
    }

    @Test
    void readsPropertiesOnceWhenRowCarriesThemAsStringAndAsObject() throws IOException {
        NormalizedEvent event = parse(bytes("log-analytics-query.json")).event(0);

        assertThat(event.attribute("request.properties.hardwareProfile.vmSize")).isEqualTo("Standard_NC24ads_A100_v4");
        assertThat(event.attribute("properties.message")).isEqualTo("Microsoft.Compute/virtualMachines/write");
    }

    @Test
    void normalizesSameVmCreationIdenticallyInEveryShape() throws IOException {
        NormalizedEvent rest = parse(bytes(REST_PAGE)).event(0);
        NormalizedEvent export = parse(bytes("event-hubs-message.json")).event(0);
        NormalizedEvent logAnalytics = parse(bytes("log-analytics-query.json")).event(0);

        assertThat(List.of(export, logAnalytics))
                .allSatisfy(event -> assertThat(event)
                        .usingRecursiveComparison()
                        .ignoringFields("attributes")
                        .isEqualTo(rest));
        for (String path : List.of(
                "request.properties.hardwareProfile.vmSize",
                "status",
                "category",
                "level",
                "resourceGroup",
                "identity.type",
                "claims.upn",
                "authorization.action",
                "authorization.scope")) {
            assertThat(List.of(export.attribute(path), logAnalytics.attribute(path)))
                    .as(path)
                    .containsOnly(rest.attribute(path));
        }
    }

    @Test
    void isFoundByServiceLoaderUnderItsFormatAndProvider() {
        EventParsers parsers = EventParsers.discover();

        assertThat(parsers.forFormat("azure-activity")).get().isInstanceOf(AzureActivityParser.class);
        assertThat(parsers.forProvider(Provider.AZURE))
                .get()
                .extracting(EventParser::format)
                .isEqualTo("azure-activity");
    }
}
