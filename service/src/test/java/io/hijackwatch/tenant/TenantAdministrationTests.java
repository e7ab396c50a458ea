package io.hijackwatch.tenant;

import static io.hijackwatch.support.CloudTrailSamples.runInstances;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@ServiceTest
@TestPropertySource(properties = "hijackwatch.operator-key=" + TenantAdministrationTests.OPERATOR_KEY)
class TenantAdministrationTests {

    static final String OPERATOR_KEY = "operator-secret-for-tests-0123456789";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void theOperatorCreatesATenantWhoseFirstAdminKeyWorksOnce() {
        String name = "acme-" + UUID.randomUUID();

        Reply created = api.call("POST", "/api/v1/tenants", OPERATOR_KEY, "{\"name\":\"" + name + "\"}");
        Reply again = api.call("POST", "/api/v1/tenants", OPERATOR_KEY, "{\"name\":\"" + name + "\"}");

        assertThat(created.status()).isEqualTo(201);
        String adminKey = created.body().get("adminKey").asString();
        assertThat(adminKey).startsWith("hjw_");
        assertThat(api.call("GET", "/api/v1/alerts", adminKey, null).status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(409);
        assertThat(api.call("GET", "/api/v1/tenants", OPERATOR_KEY, null).body().findValuesAsString("name"))
                .contains(name);
    }

    @Test
    void theOperatorKeyManagesTenantsAndNothingElse() {
        Reply alerts = api.call("GET", "/api/v1/alerts", OPERATOR_KEY, null);
        Reply events = api.postEvents(
                OPERATOR_KEY,
                "cloudtrail",
                "application/json",
                runInstances("op").getBytes(StandardCharsets.UTF_8));

        assertThat(alerts.status()).isEqualTo(403);
        assertThat(events.status()).isEqualTo(403);
    }

    @Test
    void aTenantKeyCannotCreateTenants() {
        String admin = newTenantAdminKey();

        Reply reply = api.call("POST", "/api/v1/tenants", admin, "{\"name\":\"sneaky\"}");

        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void anAdminMakesKeysOfEachRoleAndEachRoleDoesOnlyItsPart() {
        String admin = newTenantAdminKey();
        String reader = createKey(admin, "dashboard", "reader");
        String ingest = createKey(admin, "shipper", "ingest");
        byte[] event = runInstances("roles-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

        assertThat(api.call("GET", "/api/v1/alerts", reader, null).status()).isEqualTo(200);
        assertThat(api.postEvents(reader, "cloudtrail", "application/json", event)
                        .status())
                .isEqualTo(403);
        assertThat(api.postEvents(ingest, "cloudtrail", "application/json", event)
                        .status())
                .isEqualTo(202);
        assertThat(api.call("GET", "/api/v1/alerts", ingest, null).status()).isEqualTo(403);
        assertThat(api.call("POST", "/api/v1/keys", reader, "{\"name\":\"x\",\"role\":\"admin\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.call("POST", "/api/v1/keys", admin, "{\"name\":\"x\",\"role\":\"root\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void listsKeysWithoutTheirSecretsAndRevokesThem() {
        String admin = newTenantAdminKey();
        String reader = createKey(admin, "to-revoke", "reader");
        Reply listed = api.call("GET", "/api/v1/keys", admin, null);
        long readerId = listed.body().findValues("id").get(1).asLong();

        Reply revoked = api.call("DELETE", "/api/v1/keys/" + readerId, admin, null);

        assertThat(listed.raw().body())
                .doesNotContain(reader)
                .doesNotContain(admin)
                .doesNotContain("hjw_");
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(api.call("GET", "/api/v1/alerts", reader, null).status()).isEqualTo(401);
        assertThat(api.call("GET", "/api/v1/keys", admin, null)
                        .body()
                        .get(1)
                        .get("revokedAt")
                        .isNull())
                .isFalse();
    }

    @Test
    void cannotRevokeAnotherTenantsKey() {
        String mine = newTenantAdminKey();
        String theirs = newTenantAdminKey();
        long theirKeyId = api.call("GET", "/api/v1/keys", theirs, null)
                .body()
                .get(0)
                .get("id")
                .asLong();

        Reply reply = api.call("DELETE", "/api/v1/keys/" + theirKeyId, mine, null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(api.call("GET", "/api/v1/alerts", theirs, null).status()).isEqualTo(200);
    }

    @Test
    void refusesAnExpiredKey() {
        String admin = newTenantAdminKey();
        String shortLived = createKey(admin, "short", "reader");
        jdbc.sql("UPDATE api_key SET expires_at = :past WHERE name = 'short'")
                .param("past", java.sql.Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")))
                .update();

        Reply reply = api.call("GET", "/api/v1/alerts", shortLived, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().get("detail").asString()).doesNotContain(shortLived);
    }

    private String newTenantAdminKey() {
        Reply created =
                api.call("POST", "/api/v1/tenants", OPERATOR_KEY, "{\"name\":\"tenant-" + UUID.randomUUID() + "\"}");
        return created.body().get("adminKey").asString();
    }

    private String createKey(String admin, String name, String role) {
        Reply reply = api.call("POST", "/api/v1/keys", admin, "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().get("key").asString();
    }
}
