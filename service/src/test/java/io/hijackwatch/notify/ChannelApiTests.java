package io.hijackwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.hijackwatch.notify.Receiver.Answer;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Managing channels: what is checked, what is never shown again, and who may see what. */
@ServiceTest
@TestPropertySource(
        properties = {
            "hijackwatch.notifications.allow-http-hosts=127.0.0.1",
            "hijackwatch.notifications.allowed-networks=127.0.0.1/32",
            "hijackwatch.notifications.dispatcher-enabled=false"
        })
class ChannelApiTests {

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    ApiClient api;
    String admin;
    String reader;
    Receiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiClient(port);
        long tenantId = tenants.createTenant("channels-" + UUID.randomUUID());
        admin = tenants.createKey(tenantId, "admin", Role.ADMIN, null);
        reader = tenants.createKey(tenantId, "reader", Role.READER, null);
        receiver = new Receiver(Answer.ok());
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void secretIsShownOnceAndTheUrlNever() {
        Reply created = create("webhook", receiver.url("/hooks/token-in-path?key=abc"));

        assertThat(created.status()).isEqualTo(201);
        String secret = created.body().get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        long id = created.body().get("channel").get("id").asLong();
        Reply listed = api.call("GET", "/api/v1/notifications/channels", reader, null);
        Reply one = api.call("GET", "/api/v1/notifications/channels/" + id, reader, null);
        for (Reply reply : new Reply[] {created, listed, one}) {
            assertThat(reply.raw().body()).doesNotContain("token-in-path", "key=abc");
        }
        assertThat(listed.raw().body()).doesNotContain(secret);
        assertThat(one.body().get("destination").asString()).isEqualTo("http://127.0.0.1:" + receiver.port() + "/…");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://169.254.169.254/latest/meta-data/",
                "https://10.1.2.3/hook",
                "https://[::ffff:192.168.0.1]/hook",
                "https://[::1]/hook",
                "http://hooks.example.com/hook",
                "https://user:pw@hooks.example.com/hook"
            })
    void privateOrMalformedDestinationIsRefusedAtRegistration(String url) {
        Reply reply = create("slack", url);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.body().get("detail").asString()).isNotBlank();
        assertThat(api.call("GET", "/api/v1/notifications/channels", reader, null)
                        .body())
                .isEmpty();
    }

    @Test
    void anotherTenantsChannelIsNotFoundLikeOneThatDoesNotExist() {
        long id = create("webhook", receiver.url("/x"))
                .body()
                .get("channel")
                .get("id")
                .asLong();
        long otherTenant = tenants.createTenant("other-" + UUID.randomUUID());
        String otherAdmin = tenants.createKey(otherTenant, "admin", Role.ADMIN, null);

        for (String[] call : new String[][] {
            {"GET", ""}, {"PATCH", ""}, {"DELETE", ""}, {"POST", "/test"}, {"POST", "/rotate-secret"}
        }) {
            Reply foreign = api.call(call[0], "/api/v1/notifications/channels/" + id + call[1], otherAdmin, "{}");
            Reply missing = api.call(call[0], "/api/v1/notifications/channels/999999" + call[1], otherAdmin, "{}");
            assertThat(foreign.status()).as(call[0] + call[1]).isEqualTo(404);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(foreign.body().get("detail").asString().replace(Long.toString(id), "N"))
                    .isEqualTo(missing.body().get("detail").asString().replace("999999", "N"));
        }
        assertThat(api.call("GET", "/api/v1/notifications/channels", otherAdmin, null)
                        .body())
                .isEmpty();
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void readerSeesChannelsButCannotChangeThem() {
        long id = create("webhook", receiver.url("/x"))
                .body()
                .get("channel")
                .get("id")
                .asLong();

        assertThat(api.call("GET", "/api/v1/notifications/channels", reader, null)
                        .status())
                .isEqualTo(200);
        assertThat(api.call("POST", "/api/v1/notifications/channels", reader, "{}")
                        .status())
                .isEqualTo(403);
        assertThat(api.call("DELETE", "/api/v1/notifications/channels/" + id, reader, null)
                        .status())
                .isEqualTo(403);
        assertThat(api.call("POST", "/api/v1/notifications/channels/" + id + "/test", reader, null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void testSendReachesTheReceiverAndAFailureNeverEchoesItsAnswer() throws Exception {
        long id = create("slack", receiver.url("/services/T/B/X"))
                .body()
                .get("channel")
                .get("id")
                .asLong();

        Reply sent = api.call("POST", "/api/v1/notifications/channels/" + id + "/test", admin, null);

        assertThat(sent.status()).isEqualTo(200);
        assertThat(receiver.requests()).hasSize(1);
        assertThat(receiver.requests().get(0).body()).contains("Hijackwatch test message");
        try (Receiver failing = new Receiver(Answer.status(500).withBody("stack trace with db password"))) {
            long bad = create("webhook", failing.url("/fail"))
                    .body()
                    .get("channel")
                    .get("id")
                    .asLong();
            Reply refused = api.call("POST", "/api/v1/notifications/channels/" + bad + "/test", admin, null);
            assertThat(refused.status()).isEqualTo(502);
            assertThat(refused.body().get("detail").asString()).contains("answered 500");
            assertThat(refused.raw().body()).doesNotContain("db password");
        }
    }

    @Test
    void rotatedSecretSignsBesideThePreviousOneDuringTheOverlap() throws Exception {
        Reply created = create("webhook", receiver.url("/rotate"));
        long id = created.body().get("channel").get("id").asLong();
        String first = created.body().get("secret").asString();

        Reply rotated = api.call("POST", "/api/v1/notifications/channels/" + id + "/rotate-secret", admin, null);
        String second = rotated.body().get("secret").asString();
        api.call("POST", "/api/v1/notifications/channels/" + id + "/test", admin, null);

        Receiver.Request request = receiver.requests().get(0);
        assertThat(second).isNotEqualTo(first);
        assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(first).verify(request.body(), request.headers());
        new Webhook(second).verify(request.body(), request.headers());
        assertThat(api.call("GET", "/api/v1/notifications/channels/" + id, reader, null)
                        .body()
                        .get("previousSecretValidUntil")
                        .isNull())
                .isFalse();
    }

    @Test
    void invalidSettingsAreExplained() {
        assertThat(detail("{\"name\":\"a\",\"type\":\"teams\",\"url\":\"https://example.com\"}"))
                .contains("slack or webhook");
        assertThat(detail("{\"name\":\"a\",\"type\":\"slack\",\"url\":\"https://example.com\","
                        + "\"minSeverity\":\"urgent\"}"))
                .contains("minSeverity");
        assertThat(detail("{\"name\":\"a\",\"type\":\"slack\",\"url\":\"https://example.com\","
                        + "\"events\":[\"deleted\"]}"))
                .contains("'deleted'");
        assertThat(detail("{\"type\":\"slack\",\"url\":\"https://example.com\"}"))
                .contains("name");
    }

    private String detail(String json) {
        Reply reply = api.call("POST", "/api/v1/notifications/channels", admin, json);
        assertThat(reply.status()).isEqualTo(400);
        return reply.body().get("detail").asString();
    }

    private Reply create(String type, String url) {
        String json = "{\"name\":\"%s\",\"type\":\"%s\",\"url\":\"%s\"}".formatted(UUID.randomUUID(), type, url);
        return api.call("POST", "/api/v1/notifications/channels", admin, json);
    }
}
