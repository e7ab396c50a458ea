package io.hijackwatch.tenant;

import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ServiceTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Two tenants with the same account ids and the same events: neither sees, or changes, anything of the other's. */
@ServiceTest
class IsolationTests {

    private static final String RULE = "aws.servicequotas.increase_requested";

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    ApiClient api;
    String alice;
    String bob;

    @BeforeEach
    void twoTenants() {
        api = new ApiClient(port);
        alice = tenants.createKey(tenants.createTenant("alice-" + UUID.randomUUID()), "a", Role.ADMIN, null);
        bob = tenants.createKey(tenants.createTenant("bob-" + UUID.randomUUID()), "b", Role.ADMIN, null);
    }

    @Test
    void eachTenantSeesOnlyItsOwnAlertsFromIdenticalEvents() {
        byte[] events = deliveryFile(List.of(quotaIncrease("same-1", "2024-12-16T03:10:00Z", "ops", 64)))
                .getBytes(StandardCharsets.UTF_8);
        api.postEvents(alice, "cloudtrail", "application/json", events);
        api.postEvents(bob, "cloudtrail", "application/json", events);

        JsonNode aliceAlerts = items("/api/v1/alerts", alice);
        JsonNode bobAlerts = items("/api/v1/alerts", bob);

        assertThat(aliceAlerts).hasSize(1);
        assertThat(bobAlerts).hasSize(1);
        assertThat(aliceAlerts.get(0).get("id").asLong())
                .isNotEqualTo(bobAlerts.get(0).get("id").asLong());
        assertThat(api.call(
                                "GET",
                                "/api/v1/alerts/" + bobAlerts.get(0).get("id").asLong(),
                                alice,
                                null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aTenantsRuleSwitchesAndSuppressionsDoNotReachAnother() {
        api.call("PATCH", "/api/v1/rules/" + RULE, alice, "{\"enabled\":false}");
        api.call("POST", "/api/v1/suppressions", alice, "{\"account\":\"111122223333\",\"reason\":\"alice only\"}");
        byte[] events = deliveryFile(List.of(quotaIncrease("switch-1", "2024-12-16T03:10:00Z", "ops", 64)))
                .getBytes(StandardCharsets.UTF_8);

        api.postEvents(bob, "cloudtrail", "application/json", events);

        assertThat(items("/api/v1/alerts?status=open", bob)).hasSize(1);
        assertThat(api.call("GET", "/api/v1/rules/" + RULE, bob, null)
                        .body()
                        .get("enabled")
                        .asBoolean())
                .isTrue();
        assertThat(api.call("GET", "/api/v1/suppressions", bob, null).body()).isEmpty();
        assertThat(api.call("GET", "/api/v1/suppressions", alice, null).body()).hasSize(1);
        long aliceSuppression = api.call("GET", "/api/v1/suppressions", alice, null)
                .body()
                .get(0)
                .get("id")
                .asLong();
        assertThat(api.call("DELETE", "/api/v1/suppressions/" + aliceSuppression, bob, null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aTenantSeesOnlyItsOwnKeys() {
        JsonNode aliceKeys = api.call("GET", "/api/v1/keys", alice, null).body();
        long aliceKeyId = aliceKeys.get(0).get("id").asLong();

        assertThat(aliceKeys).hasSize(1);
        assertThat(api.call("GET", "/api/v1/keys", bob, null).body().findValuesAsString("name"))
                .containsExactly("b");
        assertThat(api.call("DELETE", "/api/v1/keys/" + aliceKeyId, bob, null).status())
                .isEqualTo(404);
    }

    @Test
    void aTenantCannotSeeOrTouchAnothersSourcesAndChannels() {
        ApiClient.Reply source = api.call(
                "POST",
                "/api/v1/sources",
                alice,
                "{\"name\":\"feed\",\"kind\":\"test-feed\",\"settings\":{\"feed\":\"isolation\"}}");
        ApiClient.Reply channel = api.call(
                "POST",
                "/api/v1/notifications/channels",
                alice,
                "{\"name\":\"soc\",\"type\":\"webhook\",\"url\":\"https://8.8.8.8/hooks/alice\"}");
        assertThat(source.status()).as(source.body().toString()).isEqualTo(201);
        assertThat(channel.status()).as(channel.body().toString()).isEqualTo(201);
        String sourcePath = "/api/v1/sources/" + source.body().get("id").asLong();
        String channelPath = "/api/v1/notifications/channels/"
                + channel.body().get("channel").get("id").asLong();

        assertThat(api.call("GET", "/api/v1/sources", bob, null).body()).isEmpty();
        assertThat(api.call("GET", "/api/v1/notifications/channels", bob, null).body())
                .isEmpty();
        List<ApiClient.Reply> foreign = List.of(
                api.call("GET", sourcePath, bob, null),
                api.call("GET", sourcePath + "/rejections", bob, null),
                api.call("PATCH", sourcePath, bob, "{\"name\":\"taken\"}"),
                api.call("POST", sourcePath + "/pause", bob, null),
                api.call("POST", sourcePath + "/resume", bob, null),
                api.call("POST", sourcePath + "/test", bob, null),
                api.call("DELETE", sourcePath, bob, null),
                api.call("GET", channelPath, bob, null),
                api.call("PATCH", channelPath, bob, "{\"name\":\"taken\"}"),
                api.call("POST", channelPath + "/test", bob, null),
                api.call("POST", channelPath + "/rotate-secret", bob, null),
                api.call("DELETE", channelPath, bob, null));
        for (ApiClient.Reply reply : foreign) {
            assertThat(reply.status()).as(reply.body().toString()).isEqualTo(404);
            assertThat(reply.raw().body()).doesNotContain("alice", "isolation", "8.8.8.8");
        }
        assertThat(api.call("GET", sourcePath, alice, null).body().get("name").asString())
                .isEqualTo("feed");
        assertThat(api.call("GET", channelPath, alice, null).body().get("name").asString())
                .isEqualTo("soc");
    }

    private JsonNode items(String path, String key) {
        return api.call("GET", path, key, null).body().get("items");
    }
}
