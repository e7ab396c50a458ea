package io.hijackwatch.ingest;

import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

@ServiceTest
@TestPropertySource(
        properties = {"hijackwatch.ingest.max-body-size=256KB", "hijackwatch.ingest.max-decompressed-size=2MB"})
class IngestLimitTests {

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    EventStore events;

    ApiClient api;
    long tenantId;
    String key;

    @BeforeEach
    void newTenant() {
        api = new ApiClient(port);
        tenantId = tenants.createTenant("limits-" + UUID.randomUUID());
        key = tenants.createKey(tenantId, "test", Role.INGEST, null);
    }

    @Test
    void refusesABodyDeclaredLargerThanTheLimit() {
        byte[] body = deliveryFile("big", 600).getBytes(StandardCharsets.UTF_8);

        Reply reply = api.postEvents(key, "cloudtrail", "application/json", body);

        assertThat(body.length).isGreaterThan(256 * 1024);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(events.countForTenant(tenantId)).isZero();
    }

    @Test
    void refusesAStreamedBodyOnceItPassesTheLimit() {
        byte[] body = deliveryFile("streamed", 600).getBytes(StandardCharsets.UTF_8);

        Reply reply =
                api.postEventsChunked(key, "cloudtrail", "application/json", () -> new ByteArrayInputStream(body));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(events.countForTenant(tenantId)).isZero();
    }

    @Test
    void refusesAGzipBodyThatExpandsPastItsLimit() {
        byte[] bomb = gzip(" ".repeat(8 * 1024 * 1024));

        Reply reply = api.postEvents(key, "cloudtrail", "application/gzip", bomb);

        assertThat(bomb.length).isLessThan(256 * 1024);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body().get("detail").asString()).contains("decompressed body");
    }

    @Test
    void acceptsABodyJustUnderTheLimit() {
        byte[] body = deliveryFile("fits", 100).getBytes(StandardCharsets.UTF_8);

        Reply reply = api.postEvents(key, "cloudtrail", "application/json", body);

        assertThat(body.length).isLessThan(256 * 1024);
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body().get("accepted").asLong()).isEqualTo(100);
    }
}
