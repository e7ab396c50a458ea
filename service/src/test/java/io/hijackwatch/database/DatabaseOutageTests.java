package io.hijackwatch.database;

import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.database.EmbeddedPostgresServer.Durability;
import io.hijackwatch.source.TestFeeds;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.CloudTrailSamples;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on a database of its own, which the test stops for 30 seconds under load and starts again: clients
 * posting events and a pull source collecting all the while.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "hijackwatch.demo-tenant.enabled=false",
            "spring.datasource.hikari.connection-timeout=1000",
            "hijackwatch.rate-limit.api-per-minute=600000",
            "hijackwatch.rate-limit.ingest-per-minute=600000",
            "hijackwatch.sources.poll-interval=200ms",
            "hijackwatch.sources.backoff.base=1s",
            "hijackwatch.sources.backoff.cap=2s"
        })
class DatabaseOutageTests {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Path DATA = temporaryFolder();
    private static final int PORT = freePort();
    private static EmbeddedPostgresServer server = EmbeddedPostgresServer.start(DATA, PORT, Durability.THROWAWAY);

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> server.createDatabaseIfMissing("outage"));
        registry.add("spring.datasource.username", server::username);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void answersServiceUnavailableWhileTheDatabaseIsDownAndRecoversWithNothingLost() throws Exception {
        ApiClient api = new ApiClient(port);
        long tenant = tenants.createTenant("outage");
        String key = tenants.createKey(tenant, "k", Role.ADMIN, null);
        TestFeeds.Feed feed = TestFeeds.feed("outage-" + UUID.randomUUID());
        feed.append(records("feed-0-", 20));
        Reply source = api.call(
                "POST",
                "/api/v1/sources",
                key,
                "{\"name\":\"feed\",\"kind\":\"test-feed\",\"settings\":{\"feed\":\"" + feed.name + "\"}}");
        Load load = new Load(api, key);
        Thread posting = new Thread(load::run, "outage-load");
        posting.start();
        Thread.sleep(2000);

        server.close();
        Instant downAt = Instant.now();
        Reply whileDown = api.postEvents(
                key, "cloudtrail", "application/json", deliveryFile("down", 5).getBytes(StandardCharsets.UTF_8));
        Reply readinessDown = api.get("/actuator/health/readiness");
        Reply livenessDown = api.get("/actuator/health/liveness");
        for (int round = 1; Duration.between(downAt, Instant.now()).compareTo(OUTAGE) < 0; round++) {
            feed.append(records("feed-" + round + "-", 10));
            Thread.sleep(1000);
        }
        server = EmbeddedPostgresServer.start(DATA, PORT, Durability.THROWAWAY);
        awaitReady(api);
        Thread.sleep(2000);
        load.stop.set(true);
        posting.join(60_000);
        awaitCollected(tenant, feed.size());

        assertThat(source.status()).isEqualTo(201);
        assertThat(whileDown.status()).isEqualTo(503);
        assertThat(whileDown.contentType()).startsWith("application/problem+json");
        assertThat(whileDown.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(readinessDown.status()).isEqualTo(503);
        assertThat(livenessDown.status()).isEqualTo(200);
        assertThat(load.statuses).containsKeys(202, 503).doesNotContainKey(500);
        assertThat(storedIds(tenant, "load-%")).isEqualTo(load.posted.size());
        assertThat(storedIds(tenant, "feed-%")).isEqualTo(feed.size());
        assertThat(api.postEvents(key, "cloudtrail", "application/json", load.firstBody)
                        .body()
                        .get("duplicates")
                        .asLong())
                .isEqualTo(Load.PER_POST);
    }

    /** Posts a new body of events every 100 ms, retrying each until it is taken, as a shipper does. */
    private static final class Load {
        static final int PER_POST = 20;
        final ApiClient api;
        final String key;
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, Boolean> posted = new ConcurrentHashMap<>();
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        volatile byte[] firstBody;

        Load(ApiClient api, String key) {
            this.api = api;
            this.key = key;
        }

        void run() {
            for (int post = 0; !stop.get(); post++) {
                List<String> ids = IntStream.range(0, PER_POST)
                        .mapToObj(i -> "load-" + UUID.randomUUID())
                        .toList();
                byte[] body = CloudTrailSamples.deliveryFile(ids.stream()
                                .map(CloudTrailSamples::runInstances)
                                .toList())
                        .getBytes(StandardCharsets.UTF_8);
                if (firstBody == null) {
                    firstBody = body;
                }
                int status = 0;
                while (status != 202) {
                    status = send(body);
                    statuses.merge(status, 1, Integer::sum);
                    pause(status == 202 ? 100 : 500);
                }
                ids.forEach(id -> posted.put(id, true));
            }
        }

        private int send(byte[] body) {
            try {
                return api.postEvents(key, "cloudtrail", "application/json", body)
                        .status();
            } catch (RuntimeException e) {
                return -1;
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> records(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> CloudTrailSamples.runInstances(prefix + i))
                .toList();
    }

    private long storedIds(long tenant, String pattern) {
        return jdbc.sql("SELECT count(*) FROM event WHERE tenant_id = :tenant AND event_id LIKE :pattern")
                .param("tenant", tenant)
                .param("pattern", pattern)
                .query(Long.class)
                .single();
    }

    private void awaitCollected(long tenant, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && storedIds(tenant, "feed-%") < expected) {
            Thread.sleep(200);
        }
    }

    private static void awaitReady(ApiClient api) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (api.get("/actuator/health/readiness").status() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("readiness did not come back within a minute");
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("hijackwatch-outage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
