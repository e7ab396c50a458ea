package io.hijackwatch.database;

import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.database.EmbeddedPostgresServer.Durability;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service on a database of its own, which the test stops and starts again under it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hijackwatch.demo-tenant.enabled=false", "spring.datasource.hikari.connection-timeout=1000"})
class DatabaseOutageTests {

    private static final Path DATA = temporaryFolder();
    private static final int PORT = freePort();
    private static EmbeddedPostgresServer server = EmbeddedPostgresServer.start(DATA, PORT, Durability.THROWAWAY);

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

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
    void answersServiceUnavailableWhileTheDatabaseIsDownAndRecoversWithNothingLost() throws InterruptedException {
        ApiClient api = new ApiClient(port);
        long tenant = tenants.createTenant("outage");
        String key = tenants.createKey(tenant, "k", Role.ADMIN, null);
        byte[] before = deliveryFile("before", 5).getBytes(StandardCharsets.UTF_8);
        byte[] during = deliveryFile("during", 5).getBytes(StandardCharsets.UTF_8);
        Reply stored = api.postEvents(key, "cloudtrail", "application/json", before);

        server.close();
        Reply whileDown = api.postEvents(key, "cloudtrail", "application/json", during);
        Reply readinessDown = api.get("/actuator/health/readiness");
        Reply livenessDown = api.get("/actuator/health/liveness");
        server = EmbeddedPostgresServer.start(DATA, PORT, Durability.THROWAWAY);
        awaitReady(api);
        Reply retried = api.postEvents(key, "cloudtrail", "application/json", during);
        Reply replayed = api.postEvents(key, "cloudtrail", "application/json", before);

        assertThat(stored.status()).isEqualTo(202);
        assertThat(whileDown.status()).isEqualTo(503);
        assertThat(whileDown.contentType()).startsWith("application/problem+json");
        assertThat(whileDown.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(readinessDown.status()).isEqualTo(503);
        assertThat(livenessDown.status()).isEqualTo(200);
        assertThat(retried.body().get("accepted").asLong()).isEqualTo(5);
        assertThat(replayed.body().get("duplicates").asLong()).isEqualTo(5);
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
