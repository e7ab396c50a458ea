package io.hijackwatch.source;

import static io.hijackwatch.source.SourcesApiTests.await;
import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.gzip;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.aws.FakeAws;
import io.hijackwatch.collector.aws.TrailRecords;
import io.hijackwatch.collector.azure.pull.ActivityEvents;
import io.hijackwatch.collector.azure.pull.FakeAzure;
import io.hijackwatch.collector.gcp.pull.AuditEntries;
import io.hijackwatch.collector.gcp.pull.FakeCloudLogging;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole service with the real AWS, Azure and GCP collectors, pointed at local fakes of those clouds: a tenant
 * registers a source through the API, the service collects on its own, the shipped rules raise alerts, and a second
 * delivery of the same events (a redelivered SQS message, a window read again) doubles nothing.
 */
@ServiceTest
@TestPropertySource(
        properties = {
            "hijackwatch.sources.enabled=true",
            "hijackwatch.sources.poll-interval=200ms",
            "hijackwatch.sources.lease-ttl=5s",
            "hijackwatch.sources.secrets.directories=" + CollectorEndToEndTests.SECRETS
        })
class CollectorEndToEndTests {

    static final String SECRETS = "target/test-secrets/collectors-e2e";

    private static final FakeAws AWS = started(FakeAws::new);
    private static final FakeAzure AZURE = started(FakeAzure::new);
    private static final FakeCloudLogging GCP = started(FakeCloudLogging::new);
    private static final String BUCKET = "org-trail-bucket";

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    String admin;

    @DynamicPropertySource
    static void cloudEndpoints(DynamicPropertyRegistry registry) {
        AWS.endpoints().forEach((name, uri) -> registry.add(endpoint(name), uri::toString));
        registry.add(endpoint("azure-management"), () -> AZURE.base().toString());
        registry.add(endpoint("azure-authority"), () -> AZURE.base().toString());
        registry.add(endpoint("gcp-logging"), () -> GCP.endpoint().toString());
    }

    @BeforeAll
    static void secretFiles() throws IOException {
        Path folder = Files.createDirectories(Path.of(SECRETS));
        Files.writeString(folder.resolve("aws-key-id"), "AKIAFAKETENANTKEY001\n");
        Files.writeString(folder.resolve("aws-secret-key"), "fake-tenant-secret-access-key\n");
        Files.writeString(folder.resolve("azure-client-secret"), "fake-azure-client-secret\n");
        Files.writeString(folder.resolve("gcp-key.json"), "{\"type\":\"service_account\"}\n");
    }

    @AfterAll
    static void stopFakes() throws InterruptedException {
        AWS.close();
        AZURE.close();
        GCP.close();
    }

    @BeforeEach
    void newTenant() {
        api = new ApiClient(port);
        long tenant = tenants.createTenant("e2e-" + UUID.randomUUID());
        admin = tenants.createKey(tenant, "admin", Role.ADMIN, null);
    }

    @AfterEach
    void pauseSources() {
        jdbc.sql("UPDATE source SET paused = true").update();
    }

    @Test
    void collectsCloudTrailFilesAnnouncedOnSqsAndIgnoresARedeliveredMessage() {
        String user = "sqs-intruder-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "AWSLogs/111122223333/CloudTrail/us-west-2/2026/12/03/" + user + ".json.gz";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AWS.s3.put(
                BUCKET,
                key,
                gzip(deliveryFile(List.of(
                        quotaIncrease(user + "-1", now.minusSeconds(120).toString(), user, 2048),
                        quotaIncrease(user + "-2", now.minusSeconds(60).toString(), user, 4096)))));
        String notification = TrailRecords.s3Notification(BUCKET, key);
        String first = AWS.sqs.send(notification);

        long id = register("aws-sqs", """
                {"queueUrl":"%s/111122223333/cloudtrail-files","region":"us-west-2",\
                "accessKeyId":"file:%s","secretAccessKey":"file:%s","waitTimeSeconds":"1"}""".formatted(AWS.uri(), secret("aws-key-id"), secret("aws-secret-key")));
        await(() -> alertCount(user) == 2 && AWS.sqs.remaining() == 0);
        String again = AWS.sqs.send(notification);
        await(() -> AWS.sqs.message(again).deleted);

        JsonNode source = source(id);
        assertThat(AWS.sqs.message(first).deleted).isTrue();
        assertThat(alerts(user)).hasSize(1);
        assertThat(alertCount(user)).isEqualTo(2);
        assertOkWithEvents(source, 2);
        assertThat(AWS.requests("GetObject")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(AWS.requests("AmazonSQS.ReceiveMessage").get(0).accessKeyId())
                .isEqualTo("AKIAFAKETENANTKEY001");
    }

    @Test
    void collectsTheAzureActivityLogAndReadsTheOverlapAgainWithoutDoubling() {
        String caller = "azure-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AZURE.firstPage(FakeAzure.json(
                200,
                ActivityEvents.page(List.of(
                        gpuVmWrite(caller, "op-" + caller, "Succeeded", now.minusSeconds(240)),
                        gpuVmWrite(caller, "op-" + caller, "Started", now.minusSeconds(300))))));

        long id = register("azure-activity-log", """
                {"subscriptionId":"%s","tenantId":"%s","clientId":"0e6c5b4a-1f2d-4c3b-9a8e-7d6c5b4a3f2e",\
                "clientSecret":"file:%s"}""".formatted(
                        ActivityEvents.SUBSCRIPTION, FakeAzure.TENANT, secret("azure-client-secret")));
        await(() -> alertCount(caller) >= 1);
        int listedBefore = AZURE.listRequests().size();
        await(() -> AZURE.listRequests().size() >= listedBefore + 3);

        JsonNode source = source(id);
        assertThat(alerts(caller)).hasSize(1);
        assertThat(alertCount(caller)).isEqualTo(1);
        // The Started and Succeeded records of one operation are one event: the earlier, which carries the request.
        assertOkWithEvents(source, 1);
        assertThat(AZURE.tokenRequests()).isNotEmpty();
    }

    @Test
    void collectsGcpAuditLogsAndReadsTheOverlapAgainWithoutDoubling() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String insert = "e2e-" + UUID.randomUUID();
        GCP.add(AuditEntries.gpuInsertAt(now.minus(Duration.ofMinutes(5)), insert));
        int requestsBefore = GCP.requests().size();

        long id = register("gcp-audit-log", """
                {"projectId":"%s","credentialsFile":"file:%s"}""".formatted(AuditEntries.PROJECT, secret("gcp-key.json")));
        await(() -> eventsTotal(id) == 1);
        await(() -> GCP.requests().size() >= requestsBefore + 3);

        JsonNode source = source(id);
        JsonNode alerts = api.call("GET", "/api/v1/alerts?rule=gcp.compute.gpu_instance_created", admin, null)
                .body()
                .get("items");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("count").asLong()).isEqualTo(1);
        assertOkWithEvents(source, 1);
    }

    @Test
    void refusesSettingsThatWouldSignInAsTheServicesOwnIdentity() {
        Reply noCredentials = api.call(
                "POST",
                "/api/v1/sources",
                admin,
                "{\"name\":\"trail\",\"kind\":\"aws-lookup-events\",\"settings\":{\"region\":\"us-east-1\"}}");
        Reply roleWithoutExternalId = api.call(
                "POST",
                "/api/v1/sources",
                admin,
                "{\"name\":\"trail\",\"kind\":\"aws-lookup-events\",\"settings\":{\"region\":\"us-east-1\","
                        + "\"roleArn\":\"arn:aws:iam::111122223333:role/hijackwatch-reader\"}}");
        Reply managedIdentity = api.call(
                "POST",
                "/api/v1/sources",
                admin,
                "{\"name\":\"activity\",\"kind\":\"azure-activity-log\",\"settings\":{\"subscriptionId\":\""
                        + ActivityEvents.SUBSCRIPTION + "\",\"credential\":\"managed-identity\"}}");
        Reply applicationDefault = api.call(
                "POST",
                "/api/v1/sources",
                admin,
                "{\"name\":\"audit\",\"kind\":\"gcp-audit-log\",\"settings\":{\"projectId\":\"" + AuditEntries.PROJECT
                        + "\"}}");

        for (Reply reply : List.of(noCredentials, roleWithoutExternalId, managedIdentity, applicationDefault)) {
            assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
            assertThat(reply.contentType()).contains("application/problem+json");
            assertThat(reply.body().get("detail").asString()).contains("hijackwatch.sources.ambient-credentials");
        }
        assertThat(roleWithoutExternalId.body().get("detail").asString()).contains("externalId");
        assertThat(managedIdentity.body().get("detail").asString()).contains("client-secret");
        assertThat(applicationDefault.body().get("detail").asString()).contains("credentialsFile");
        assertThat(api.call("GET", "/api/v1/sources", admin, null).body()).isEmpty();
    }

    private long register(String kind, String settings) {
        Reply created = api.call(
                "POST",
                "/api/v1/sources",
                admin,
                "{\"name\":\"" + kind + "\",\"kind\":\"" + kind + "\",\"settings\":" + settings + "}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().get("id").asLong();
    }

    private void assertOkWithEvents(JsonNode source, long events) {
        assertThat(source.get("status").asString()).isEqualTo("ok");
        assertThat(source.get("lastError").isNull()).isTrue();
        assertThat(source.get("eventsTotal").asLong()).isEqualTo(events);
        assertThat(source.get("lagSeconds").asDouble()).isBetween(0.0, 3600.0);
    }

    private JsonNode source(long id) {
        return api.call("GET", "/api/v1/sources/" + id, admin, null).body();
    }

    private long eventsTotal(long id) {
        return source(id).get("eventsTotal").asLong();
    }

    /** The tenant's alerts whose summary names the principal. */
    private List<JsonNode> alerts(String principal) {
        JsonNode items = api.call("GET", "/api/v1/alerts", admin, null).body().get("items");
        return items.valueStream()
                .filter(alert -> alert.toString().contains(principal))
                .toList();
    }

    private long alertCount(String principal) {
        return alerts(principal).stream()
                .mapToLong(alert -> alert.get("count").asLong())
                .sum();
    }

    /** One record of a GPU virtual machine write, as the Activity Log REST API lists it. */
    private static String gpuVmWrite(String caller, String correlationId, String status, Instant time) {
        String resource = "/subscriptions/" + ActivityEvents.SUBSCRIPTION
                + "/resourceGroups/rg-ml/providers/Microsoft.Compute/virtualMachines/gpu-01";
        String body = "{\\\"location\\\":\\\"eastus2\\\",\\\"properties\\\":{\\\"hardwareProfile\\\":"
                + "{\\\"vmSize\\\":\\\"Standard_ND96isr_H100_v5\\\"}}}";
        String properties = status.equals("Started")
                ? "{\"eventCategory\":\"Administrative\",\"requestbody\":\"" + body + "\"}"
                : "{\"eventCategory\":\"Administrative\"}";
        return """
                {"caller":"%s","correlationId":"%s","eventDataId":"%s-%s","eventTimestamp":"%s",\
                "operationName":{"value":"Microsoft.Compute/virtualMachines/write"},"status":{"value":"%s"},\
                "category":{"value":"Administrative"},"level":"Informational","resourceId":"%s",\
                "subscriptionId":"%s","httpRequest":{"clientIpAddress":"203.0.113.45","method":"PUT"},\
                "properties":%s}""".formatted(
                        caller,
                        correlationId,
                        correlationId,
                        status,
                        time,
                        status,
                        resource,
                        ActivityEvents.SUBSCRIPTION,
                        properties);
    }

    private static String secret(String name) {
        return Path.of(SECRETS, name).toAbsolutePath().toString();
    }

    private static String endpoint(String name) {
        return "hijackwatch.sources.endpoints." + name;
    }

    private static <T> T started(Callable<T> fake) {
        try {
            return fake.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
