package io.hijackwatch.alert;

import static io.hijackwatch.support.CloudTrailSamples.call;
import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@ServiceTest
@TestPropertySource(properties = "hijackwatch.detect.rules-dir=src/test/resources/test-rules")
class AlertApiTests {

    private static final String QUOTA_RULE = "aws.servicequotas.increase_requested";
    private static final String SEQUENCE_RULE = "test.ec2.denied_probe_then_launch";

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    long tenantId;
    String admin;
    String reader;

    @BeforeEach
    void newTenant() {
        api = new ApiClient(port);
        tenantId = tenants.createTenant("alerts-" + UUID.randomUUID());
        admin = tenants.createKey(tenantId, "admin", Role.ADMIN, null);
        reader = tenants.createKey(tenantId, "reader", Role.READER, null);
    }

    @Test
    void opensOneAlertPerIncidentAndNeverDoublesItOnReplay() {
        String body = deliveryFile(List.of(
                quotaIncrease("q1", "2024-12-16T03:10:00Z", "legacy-deploy", 512),
                quotaIncrease("q2", "2024-12-16T03:12:00Z", "legacy-deploy", 1024)));

        post(body);
        post(body);
        post(deliveryFile(List.of(quotaIncrease("q3", "2024-12-16T04:00:00Z", "legacy-deploy", 2048))));

        JsonNode alerts = api.call("GET", "/api/v1/alerts", reader, null).body().get("items");
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("ruleId").asString()).isEqualTo(QUOTA_RULE);
        assertThat(alert.get("count").asLong()).isEqualTo(3);
        assertThat(alert.get("severity").asString()).isEqualTo("high");
        assertThat(alert.get("status").asString()).isEqualTo("open");
        assertThat(alert.get("firstSeen").asString()).isEqualTo("2024-12-16T03:10:00Z");
        assertThat(alert.get("lastSeen").asString()).isEqualTo("2024-12-16T04:00:00Z");
        assertThat(alert.get("evidence").get("eventIds").toString()).contains("q1", "q2", "q3");
        assertThat(alert.get("runbook").size()).isPositive();
    }

    @Test
    void opensANewAlertOnceTheDedupWindowHasPassed() {
        post(deliveryFile(List.of(quotaIncrease("w1", "2024-12-16T03:00:00Z", "ops", 64))));
        post(deliveryFile(List.of(quotaIncrease("w2", "2024-12-16T10:00:00Z", "ops", 64))));

        JsonNode alerts = api.call("GET", "/api/v1/alerts", reader, null).body().get("items");

        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).get("severity").asString()).isEqualTo("medium");
    }

    @Test
    void remembersASequenceAcrossRequestsAndAfterItsCachedStateIsDropped() {
        post(deliveryFile(List.of(call(
                "p1",
                "2024-12-16T18:00:00Z",
                "intruder",
                "ec2.amazonaws.com",
                "DescribeRegions",
                "Client.UnauthorizedOperation",
                null))));
        jdbc.sql("UPDATE detection_state_version SET version = version + 1000 WHERE tenant_id = :tenant")
                .param("tenant", tenantId)
                .update();

        post(deliveryFile(List.of(call(
                "p2",
                "2024-12-16T18:20:00Z",
                "intruder",
                "ec2.amazonaws.com",
                "RunInstances",
                null,
                "{\"instanceType\":\"p4d.24xlarge\"}"))));

        JsonNode alerts = api.call("GET", "/api/v1/alerts?rule=" + SEQUENCE_RULE, reader, null)
                .body()
                .get("items");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("evidence").get("eventIds").toString()).contains("p1", "p2");
        assertThat(alerts.get(0).get("summary").asString()).contains("p4d.24xlarge");
    }

    @Test
    void filtersByEveryField() {
        post(deliveryFile(List.of(quotaIncrease("f1", "2024-12-16T03:10:00Z", "filter-user", 2048))));

        assertThat(count("?severity=high")).isEqualTo(1);
        assertThat(count("?severity=low,medium")).isZero();
        assertThat(count("?status=open&technique=T1496.001&provider=aws&account=111122223333"))
                .isEqualTo(1);
        assertThat(count("?rule=" + QUOTA_RULE)).isEqualTo(1);
        assertThat(count("?rule=aws.other")).isZero();
        assertThat(count("?since=2024-12-16T03:00:00Z&until=2024-12-16T04:00:00Z"))
                .isEqualTo(1);
        assertThat(count("?since=2024-12-17T00:00:00Z")).isZero();
        assertThat(api.call("GET", "/api/v1/alerts?severity=urgent", reader, null)
                        .status())
                .isEqualTo(400);
        assertThat(api.call("GET", "/api/v1/alerts?limit=0", reader, null).status())
                .isEqualTo(400);
        assertThat(api.call("GET", "/api/v1/alerts?cursor=garbage", reader, null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void pagesThroughEveryAlertOnceWithACursor() {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            records.add(quotaIncrease("page-" + i, "2024-12-16T03:1" + i + ":00Z", "user-" + i, 64));
        }
        post(deliveryFile(records));

        Set<Long> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String query = "/api/v1/alerts?limit=3" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = api.call("GET", query, reader, null).body();
            page.get("items")
                    .forEach(alert ->
                            assertThat(seen.add(alert.get("id").asLong())).isTrue());
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(seen).hasSize(7);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void updatesTheStatusOfAnAlert() {
        post(deliveryFile(List.of(quotaIncrease("s1", "2024-12-16T03:10:00Z", "triage", 64))));
        long id = api.call("GET", "/api/v1/alerts", reader, null)
                .body()
                .get("items")
                .get(0)
                .get("id")
                .asLong();

        Reply acknowledged = api.call("PATCH", "/api/v1/alerts/" + id, admin, "{\"status\":\"acknowledged\"}");
        Reply byReader = api.call("PATCH", "/api/v1/alerts/" + id, reader, "{\"status\":\"resolved\"}");
        Reply unknown = api.call("PATCH", "/api/v1/alerts/" + id, admin, "{\"status\":\"closed\"}");

        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.body().get("status").asString()).isEqualTo("acknowledged");
        assertThat(byReader.status()).isEqualTo(403);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(api.call("GET", "/api/v1/alerts/" + id, reader, null)
                        .body()
                        .get("status")
                        .asString())
                .isEqualTo("acknowledged");
    }

    @Test
    void answersNotFoundForAnotherTenantsAlertExactlyAsForOneThatDoesNotExist() {
        post(deliveryFile(List.of(quotaIncrease("t1", "2024-12-16T03:10:00Z", "mine", 64))));
        long id = api.call("GET", "/api/v1/alerts", reader, null)
                .body()
                .get("items")
                .get(0)
                .get("id")
                .asLong();
        long otherTenant = tenants.createTenant("other-" + UUID.randomUUID());
        String otherKey = tenants.createKey(otherTenant, "admin", Role.ADMIN, null);

        Reply foreign = api.call("GET", "/api/v1/alerts/" + id, otherKey, null);
        Reply missing = api.call("GET", "/api/v1/alerts/999999999", otherKey, null);
        Reply foreignPatch = api.call("PATCH", "/api/v1/alerts/" + id, otherKey, "{\"status\":\"resolved\"}");

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(foreignPatch.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(api.call("GET", "/api/v1/alerts", otherKey, null).body().get("items"))
                .isEmpty();
    }

    @Test
    void turnsARuleOffAndOnForOneTenant() {
        Reply off = api.call("PATCH", "/api/v1/rules/" + QUOTA_RULE, admin, "{\"enabled\":false}");
        post(deliveryFile(List.of(quotaIncrease("r1", "2024-12-16T03:10:00Z", "iac", 64))));
        long whileOff = count("");
        api.call("PATCH", "/api/v1/rules/" + QUOTA_RULE, admin, "{\"enabled\":true}");
        post(deliveryFile(List.of(quotaIncrease("r2", "2024-12-16T03:20:00Z", "iac", 64))));

        assertThat(off.status()).isEqualTo(200);
        assertThat(off.body().get("enabled").asBoolean()).isFalse();
        assertThat(whileOff).isZero();
        assertThat(count("")).isEqualTo(1);
        assertThat(api.call("PATCH", "/api/v1/rules/no.such.rule", admin, "{\"enabled\":false}")
                        .status())
                .isEqualTo(404);
        JsonNode listed = api.call("GET", "/api/v1/rules", reader, null).body();
        assertThat(listed.findValuesAsString("id")).contains(QUOTA_RULE, SEQUENCE_RULE);
    }

    @Test
    void storesAlertsOfASuppressedPrincipalAsSuppressed() {
        Reply created = api.call(
                "POST",
                "/api/v1/suppressions",
                admin,
                "{\"principal\":\"arn:aws:iam::111122223333:user/capacity-bot\",\"reason\":\"capacity planning\"}");
        Reply invalid = api.call("POST", "/api/v1/suppressions", admin, "{\"reason\":\"everything\"}");

        post(deliveryFile(List.of(quotaIncrease("x1", "2024-12-16T03:10:00Z", "capacity-bot", 64))));

        assertThat(created.status()).isEqualTo(201);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(count("?status=suppressed")).isEqualTo(1);
        assertThat(count("?status=open")).isZero();
        long id = created.body().get("id").asLong();
        assertThat(api.call("DELETE", "/api/v1/suppressions/" + id, admin, null).status())
                .isEqualTo(204);
        assertThat(api.call("DELETE", "/api/v1/suppressions/" + id, admin, null).status())
                .isEqualTo(404);
    }

    private void post(String body) {
        Reply reply = api.postEvents(admin, "cloudtrail", "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(202);
    }

    private long count(String query) {
        return api.call("GET", "/api/v1/alerts" + query, reader, null)
                .body()
                .get("items")
                .size();
    }
}
