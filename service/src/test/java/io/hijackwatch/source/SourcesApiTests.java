package io.hijackwatch.source;

import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The sources API, with this replica's poller running: registration, validation, secrets, and sources at work. */
@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "hijackwatch.sources.enabled=true",
            "hijackwatch.sources.poll-interval=100ms",
            "hijackwatch.sources.lease-ttl=3s",
            "hijackwatch.sources.secrets.directories=" + SourcesApiTests.SECRETS,
            "management.endpoint.health.show-details=always",
            "logging.level.io.hijackwatch.source=DEBUG"
        })
class SourcesApiTests {

    static final String SECRETS = "target/test-secrets/sources-api";
    private static final String QUOTA_RULE = "aws.servicequotas.increase_requested";
    private static final String SECRET_VALUE = "feed-token-that-must-never-be-shown-7731";

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    ApiClient api;
    String admin;
    String reader;
    String otherAdmin;

    @BeforeAll
    static void secretFiles() throws IOException {
        Path folder = Files.createDirectories(Path.of(SECRETS));
        Files.writeString(folder.resolve("feed-token"), SECRET_VALUE + "\n");
        Path link = folder.resolve("escape");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/etc/hostname"));
    }

    @BeforeEach
    void newTenants() {
        api = new ApiClient(port);
        long tenant = tenants.createTenant("sources-" + UUID.randomUUID());
        admin = tenants.createKey(tenant, "admin", Role.ADMIN, null);
        reader = tenants.createKey(tenant, "reader", Role.READER, null);
        otherAdmin = tenants.createKey(tenants.createTenant("other-" + UUID.randomUUID()), "a", Role.ADMIN, null);
    }

    @Test
    void registersListsChangesAndDeletesASource() {
        Reply created = create("audit", "{\"feed\":\"crud-" + UUID.randomUUID() + "\"}", true);
        long id = created.body().get("id").asLong();

        Reply renamed = api.call("PATCH", "/api/v1/sources/" + id, admin, "{\"name\":\"audit-logs\"}");
        Reply replaced = api.call(
                "PUT",
                "/api/v1/sources/" + id,
                admin,
                "{\"name\":\"audit-logs\",\"settings\":{\"feed\":\"crud-2\",\"batchSize\":5}}");
        Reply resumed = api.call("POST", "/api/v1/sources/" + id + "/resume", admin, null);
        Reply paused = api.call("POST", "/api/v1/sources/" + id + "/pause", admin, null);
        JsonNode listed = api.call("GET", "/api/v1/sources", reader, null).body();
        Reply deleted = api.call("DELETE", "/api/v1/sources/" + id, admin, null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/v1/sources/" + id);
        assertThat(created.body().get("status").asString()).isEqualTo("new");
        assertThat(created.body().get("paused").asBoolean()).isTrue();
        assertThat(renamed.body().get("name").asString()).isEqualTo("audit-logs");
        assertThat(replaced.body().get("settings").get("batchSize").asString()).isEqualTo("5");
        assertThat(resumed.body().get("paused").asBoolean()).isFalse();
        assertThat(paused.body().get("paused").asBoolean()).isTrue();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("settings").get("feed").asString()).isEqualTo("crud-2");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.call("GET", "/api/v1/sources/" + id, reader, null).status())
                .isEqualTo(404);
        assertThat(create("audit", "{\"feed\":\"x\"}", true).status()).isEqualTo(201);
        assertThat(create("audit", "{\"feed\":\"y\"}", true).status()).isEqualTo(409);
    }

    @Test
    void refusesAnUnknownKindNamingTheKnownOnes() {
        Reply reply = api.call("POST", "/api/v1/sources", admin, "{\"name\":\"s\",\"kind\":\"ftp\",\"settings\":{}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).contains("application/problem+json");
        assertThat(reply.body().get("detail").asString()).contains("ftp", TestFeedCollectorFactory.KIND);
    }

    @Test
    void refusesUnknownMissingAndUnworkableSettings() {
        Reply unknown = create("s", "{\"feed\":\"f\",\"endpoint\":\"http://169.254.169.254/\"}", true);
        Reply missing = create("s", "{\"batchSize\":\"3\"}", true);
        Reply unworkable = create("s", "{\"feed\":\"f\",\"batchSize\":\"many\"}", true);
        Reply nested = create("s", "{\"feed\":{\"name\":\"f\"}}", true);

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("detail").asString()).contains("endpoint", "feed", "token");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("detail").asString()).contains("feed", "required");
        assertThat(unworkable.status()).isEqualTo(400);
        assertThat(unworkable.body().get("detail").asString()).contains("batchSize");
        assertThat(nested.status()).isEqualTo(400);
        assertThat(api.call("GET", "/api/v1/sources", admin, null).body()).isEmpty();
    }

    @Test
    void refusesASecretGivenAsAPlainValueWithoutRepeatingIt(CapturedOutput output) {
        String plain = "plain-secret-sent-by-mistake-" + UUID.randomUUID();

        Reply reply = create("s", "{\"feed\":\"f\",\"token\":\"" + plain + "\"}", false);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("detail").asString())
                .contains("environment variable", "HIJACKWATCH_SECRET_", "file")
                .doesNotContain(plain);
        assertThat(reply.raw().body()).doesNotContain(plain);
        assertThat(output.getAll()).doesNotContain(plain);
    }

    @Test
    void refusesSecretReferencesTheOperatorDoesNotAllow() {
        String folder = Path.of(SECRETS).toAbsolutePath().toString();
        List<String> refused = List.of(
                "env:SPRING_DATASOURCE_PASSWORD",
                "env:PATH",
                "env:HIJACKWATCH_SECRET_",
                "env:HIJACKWATCH_SECRET_X;rm",
                "file:/etc/passwd",
                "file:relative/token",
                "file:" + folder + "/../../../pom.xml",
                "file:" + folder + "/escape",
                "file:" + folder);

        for (String reference : refused) {
            Reply reply = create("s", "{\"feed\":\"f\",\"token\":\"" + reference + "\"}", true);
            assertThat(reply.status()).as(reference).isEqualTo(400);
        }
        assertThat(create("env", "{\"feed\":\"f\",\"token\":\"env:HIJACKWATCH_SECRET_FEED\"}", true)
                        .status())
                .isEqualTo(201);
        assertThat(create("file", "{\"feed\":\"f\",\"token\":\"file:" + folder + "/feed-token\"}", true)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void answersNotFoundForAnotherTenantsSourceAsForOneThatDoesNotExist() {
        long id = create("mine", "{\"feed\":\"f\"}", true).body().get("id").asLong();
        long missing = id + 100_000;

        for (long probe : List.of(id, missing)) {
            assertThat(api.call("GET", "/api/v1/sources/" + probe, otherAdmin, null)
                            .status())
                    .isEqualTo(404);
            assertThat(api.call("GET", "/api/v1/sources/" + probe + "/rejections", otherAdmin, null)
                            .status())
                    .isEqualTo(404);
            assertThat(api.call("PATCH", "/api/v1/sources/" + probe, otherAdmin, "{\"name\":\"x\"}")
                            .status())
                    .isEqualTo(404);
            assertThat(api.call("POST", "/api/v1/sources/" + probe + "/resume", otherAdmin, null)
                            .status())
                    .isEqualTo(404);
            assertThat(api.call("POST", "/api/v1/sources/" + probe + "/test", otherAdmin, null)
                            .status())
                    .isEqualTo(404);
            assertThat(api.call("DELETE", "/api/v1/sources/" + probe, otherAdmin, null)
                            .status())
                    .isEqualTo(404);
        }
        assertThat(api.call("GET", "/api/v1/sources", otherAdmin, null).body()).isEmpty();
        assertThat(api.call("GET", "/api/v1/sources/" + id, admin, null).status())
                .isEqualTo(200);
    }

    @Test
    void letsAReaderLookButNotChange() {
        long id = create("s", "{\"feed\":\"f\"}", true).body().get("id").asLong();

        assertThat(api.call("GET", "/api/v1/sources/" + id, reader, null).status())
                .isEqualTo(200);
        assertThat(api.call("POST", "/api/v1/sources/" + id + "/resume", reader, null)
                        .status())
                .isEqualTo(403);
        assertThat(api.call("DELETE", "/api/v1/sources/" + id, reader, null).status())
                .isEqualTo(403);
        assertThat(api.call(
                                "POST",
                                "/api/v1/sources",
                                reader,
                                "{\"name\":\"r\",\"kind\":\"test-feed\",\"settings\":{\"feed\":\"f\"}}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void testsTheConnectionAndReportsWhyItFails() {
        String feed = "connect-" + UUID.randomUUID();
        TestFeeds.feed(feed).append(List.of(quotaIncrease("c1", "2024-12-16T03:10:00Z", "ops", 64)));
        long working = create("working", "{\"feed\":\"" + feed + "\"}", true)
                .body()
                .get("id")
                .asLong();
        long empty = create("empty", "{\"feed\":\"empty-" + UUID.randomUUID() + "\"}", true)
                .body()
                .get("id")
                .asLong();

        Reply ok = api.call("POST", "/api/v1/sources/" + working + "/test", admin, null);
        TestFeeds.feed(feed).failNextPoll(CollectorException.transientFailure("The feed timed out.", null));
        Reply upstreamDown = api.call("POST", "/api/v1/sources/" + working + "/test", admin, null);
        Reply nothing = api.call("POST", "/api/v1/sources/" + empty + "/test", admin, null);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("ok").asBoolean()).isTrue();
        assertThat(ok.body().get("message").asString()).contains(feed, "1 records");
        assertThat(upstreamDown.status()).isEqualTo(502);
        assertThat(upstreamDown.body().get("detail").asString()).isEqualTo("The feed timed out.");
        assertThat(nothing.status()).isEqualTo(422);
        assertThat(nothing.body().get("detail").asString()).contains("nothing to read");
        assertThat(TestFeeds.feed(feed).served.get()).isZero();
    }

    @Test
    void collectsOnItsOwnAndRaisesAlertsWithItsRejectionsKept() {
        String feed = "alerts-" + UUID.randomUUID();
        TestFeeds.feed(feed)
                .append(List.of(
                        quotaIncrease("own-1", "2024-12-16T03:10:00Z", "intruder", 2048),
                        "{\"eventVersion\":\"1.09\"}",
                        quotaIncrease("own-2", "2024-12-16T03:12:00Z", "intruder", 4096)));

        long id = create("collects", "{\"feed\":\"" + feed + "\",\"batchSize\":2}", false)
                .body()
                .get("id")
                .asLong();

        await(() -> api.call("GET", "/api/v1/sources/" + id, reader, null)
                        .body()
                        .get("eventsTotal")
                        .asLong()
                == 2);
        JsonNode alerts = api.call("GET", "/api/v1/alerts?rule=" + QUOTA_RULE, reader, null)
                .body()
                .get("items");
        JsonNode source = api.call("GET", "/api/v1/sources/" + id, reader, null).body();
        JsonNode rejections = api.call("GET", "/api/v1/sources/" + id + "/rejections", reader, null)
                .body();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("count").asLong()).isEqualTo(2);
        assertThat(source.get("status").asString()).isEqualTo("ok");
        assertThat(source.get("lastError").isNull()).isTrue();
        assertThat(source.get("position").asString()).isEqualTo("2024-12-16T03:12:00Z");
        assertThat(source.get("lagSeconds").asDouble()).isPositive();
        assertThat(Instant.parse(source.get("lastSuccessAt").asString()))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).get("reason").asString()).startsWith("record 1: ");
        assertThat(TestFeeds.feed(feed).logContexts.get(0))
                .containsEntry("source", Long.toString(id))
                .containsEntry("kind", TestFeedCollectorFactory.KIND)
                .containsKey("tenant");
    }

    @Test
    void reopensTheCollectorWithChangedSettingsAndPollsAtOnce() throws IOException {
        String feed = "changed-" + UUID.randomUUID();
        TestFeeds.Feed upstream = TestFeeds.feed(feed);
        upstream.requiredToken = SECRET_VALUE;
        upstream.append(List.of(quotaIncrease("ch-1", "2024-12-16T03:10:00Z", "ops", 64)));
        Path folder = Path.of(SECRETS).toAbsolutePath();
        Files.writeString(folder.resolve("stale-token"), "an-old-token");
        String settings = "{\"feed\":\"" + feed + "\",\"token\":\"file:" + folder + "/%s\"}";
        long id = create("changed", settings.formatted("stale-token"), false)
                .body()
                .get("id")
                .asLong();
        await(() -> "failing".equals(status(id)));
        JsonNode failing =
                api.call("GET", "/api/v1/sources/" + id, reader, null).body();

        api.call("PATCH", "/api/v1/sources/" + id, admin, "{\"settings\":" + settings.formatted("feed-token") + "}");
        await(() -> eventsTotal(id) == 1);

        assertThat(failing.get("lastError").asString()).contains("refused the token");
        assertThat(Instant.parse(failing.get("nextPollAt").asString()))
                .isAfter(Instant.now().plusSeconds(3000));
        assertThat(status(id)).isEqualTo("ok");
    }

    @Test
    void neverShowsOrLogsAResolvedSecret(CapturedOutput output) {
        String feed = "secret-" + UUID.randomUUID();
        TestFeeds.feed(feed).requiredToken = SECRET_VALUE;
        TestFeeds.feed(feed).append(List.of(quotaIncrease("sec-1", "2024-12-16T03:10:00Z", "ops", 64)));
        String reference = "file:" + Path.of(SECRETS).toAbsolutePath() + "/feed-token";
        List<Reply> replies = new ArrayList<>();

        Reply created = create("secret", "{\"feed\":\"" + feed + "\",\"token\":\"" + reference + "\"}", false);
        long id = created.body().get("id").asLong();
        await(() -> api.call("GET", "/api/v1/sources/" + id, reader, null)
                        .body()
                        .get("eventsTotal")
                        .asLong()
                == 1);
        replies.add(created);
        replies.add(api.call("POST", "/api/v1/sources/" + id + "/test", admin, null));
        replies.add(api.call("GET", "/api/v1/sources/" + id, reader, null));
        replies.add(api.call("GET", "/api/v1/sources", admin, null));
        replies.add(api.call("GET", "/api/v1/sources/" + id + "/rejections", admin, null));
        replies.add(api.get("/actuator/prometheus"));
        replies.add(api.get("/actuator/health"));
        replies.add(api.get("/v3/api-docs"));

        assertThat(replies.get(1).status()).isEqualTo(200);
        assertThat(replies.get(2).body().get("settings").get("token").asString())
                .isEqualTo(reference);
        for (Reply reply : replies) {
            assertThat(reply.raw().body()).doesNotContain(SECRET_VALUE);
        }
        assertThat(output.getAll()).doesNotContain(SECRET_VALUE);
    }

    @Test
    void stopsPollingWhilePausedAndCatchesUpWhenResumed() {
        String feed = "pause-" + UUID.randomUUID();
        TestFeeds.Feed upstream =
                TestFeeds.feed(feed).append(List.of(quotaIncrease("p-1", "2024-12-16T03:10:00Z", "ops", 64)));
        long id = create("pausing", "{\"feed\":\"" + feed + "\"}", false)
                .body()
                .get("id")
                .asLong();
        await(() -> eventsTotal(id) == 1);

        api.call("POST", "/api/v1/sources/" + id + "/pause", admin, null);
        await(upstream::idle);
        int pollsWhenPaused = upstream.polls.get();
        upstream.append(List.of(quotaIncrease("p-2", "2024-12-16T03:11:00Z", "ops", 64)));
        sleep(Duration.ofSeconds(1));

        assertThat(upstream.polls.get()).isEqualTo(pollsWhenPaused);
        assertThat(eventsTotal(id)).isEqualTo(1);

        api.call("POST", "/api/v1/sources/" + id + "/resume", admin, null);
        await(() -> eventsTotal(id) == 2);
    }

    @Test
    void reportsLagEventsPollsAndHealth() {
        String feed = "metrics-" + UUID.randomUUID();
        TestFeeds.feed(feed).append(List.of(quotaIncrease("m-1", "2024-12-16T03:10:00Z", "ops", 64)));
        long id = create("metered", "{\"feed\":\"" + feed + "\"}", false)
                .body()
                .get("id")
                .asLong();
        await(() -> eventsTotal(id) == 1);

        String metrics = api.get("/actuator/prometheus").raw().body();
        JsonNode health = api.get("/actuator/health/sources").body();
        JsonNode readiness = api.get("/actuator/health/readiness").body();

        String tags = "{kind=\"test-feed\",source=\"" + id + "\"}";
        assertThat(metrics)
                .contains("hijackwatch_collector_lag_seconds" + tags)
                .contains("hijackwatch_collector_events_total" + tags + " 1.0")
                .contains("hijackwatch_collector_polls_seconds_count" + tags);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("details").get("active").asLong()).isPositive();
        assertThat(health.get("details").has("failing")).isTrue();
        assertThat(health.toString()).doesNotContain("metered", feed);
        assertThat(readiness.toString()).doesNotContain("sources");
    }

    private Reply create(String name, String settings, boolean paused) {
        return api.call(
                "POST",
                "/api/v1/sources",
                admin,
                "{\"name\":\"" + name + "\",\"kind\":\"test-feed\",\"settings\":" + settings + ",\"paused\":" + paused
                        + "}");
    }

    private String status(long id) {
        return api.call("GET", "/api/v1/sources/" + id, reader, null)
                .body()
                .get("status")
                .asString();
    }

    private long eventsTotal(long id) {
        return api.call("GET", "/api/v1/sources/" + id, reader, null)
                .body()
                .get("eventsTotal")
                .asLong();
    }

    static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 30 s for the condition").isBefore(deadline);
            sleep(Duration.ofMillis(50));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
