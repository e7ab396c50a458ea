package io.hijackwatch.notify;

import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.hijackwatch.notify.Receiver.Answer;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Alerts reach real local receivers: once, signed, retried until they are taken, and never twice at once. */
@ServiceTest
@TestPropertySource(
        properties = {
            "hijackwatch.notifications.allow-http-hosts=127.0.0.1",
            "hijackwatch.notifications.allowed-networks=127.0.0.0/8",
            "hijackwatch.notifications.poll-interval=50ms",
            "hijackwatch.notifications.retry-schedule=300ms,300ms,300ms",
            "hijackwatch.notifications.jitter=0",
            "hijackwatch.notifications.connect-timeout=1s",
            "hijackwatch.notifications.response-timeout=1s",
            "hijackwatch.notifications.slack-interval=100ms",
            "hijackwatch.notifications.public-url=https://hijackwatch.example.com"
        })
class NotificationDeliveryTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    Outbox outbox;

    @Autowired
    ChannelStore channelStore;

    @Autowired
    NotificationSender sender;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    NotificationProperties properties;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    ApiClient api;
    String admin;
    String reader;
    final List<Receiver> receivers = new java.util.ArrayList<>();

    @BeforeEach
    void newTenant() {
        api = new ApiClient(port);
        long tenantId = tenants.createTenant("notify-" + UUID.randomUUID());
        admin = tenants.createKey(tenantId, "admin", Role.ADMIN, null);
        reader = tenants.createKey(tenantId, "reader", Role.READER, null);
    }

    @AfterEach
    void closeReceivers() {
        receivers.forEach(Receiver::close);
    }

    @Test
    void openingAnAlertSendsOneSlackMessageAndOneSignedWebhook() throws Exception {
        Receiver slack = receiver(Answer.ok());
        Receiver hook = receiver(Answer.ok());
        channel("slack", slack.url("/services/T1/B1/secretpart"), "{}");
        String secret = channel("webhook", hook.url("/hooks/hijackwatch"), "{}")
                .get("secret")
                .asString();

        raiseQuotaAlert("opening-" + UUID.randomUUID());

        await().atMost(PATIENCE)
                .until(() -> slack.requests().size() == 1 && hook.requests().size() == 1);
        long alertId = api.call("GET", "/api/v1/alerts", reader, null)
                .body()
                .get("items")
                .get(0)
                .get("id")
                .asLong();

        Receiver.Request webhook = hook.requests().get(0);
        new Webhook(secret).verify(webhook.body(), webhook.headers());
        JsonNode payload = JSON.readTree(webhook.body());
        assertThat(payload.get("type").asString()).isEqualTo("alert.opened");
        assertThat(payload.get("data").get("alert").get("id").asLong()).isEqualTo(alertId);
        assertThat(payload.get("data").get("link").asString())
                .isEqualTo("https://hijackwatch.example.com/api/v1/alerts/" + alertId);
        assertThat(webhook.header("webhook-id")).startsWith("msg_");

        JsonNode message = JSON.readTree(slack.requests().get(0).body());
        assertThat(message.get("text").asString()).startsWith("[MEDIUM] Service quota increase requested");
        assertThat(message.get("blocks").get(0).get("type").asString()).isEqualTo("header");
        String blocks = message.get("blocks").toString();
        assertThat(blocks).contains("Account: 111122223333", "arn:aws:iam::111122223333:user/", "First step: ");
        assertThat(message.get("blocks").findValues("type").stream().map(JsonNode::asString))
                .doesNotContain("mrkdwn");

        Thread.sleep(500);
        assertThat(slack.requests()).hasSize(1);
        assertThat(hook.requests()).hasSize(1);
    }

    @Test
    void receiverThatFailsThenRecoversGetsTheNotificationWithTheSameIdOnEveryAttempt() throws Exception {
        Receiver hook = receiver(Answer.status(503), Answer.status(500), Answer.ok());
        long channelId = channel("webhook", hook.url("/flaky"), "{}")
                .get("channel")
                .get("id")
                .asLong();

        raiseQuotaAlert("flaky-" + UUID.randomUUID());

        await().atMost(PATIENCE).until(() -> delivered(channelId) == 1);
        List<Receiver.Request> requests = hook.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.stream().map(r -> r.header("webhook-id")).distinct())
                .hasSize(1);
        JsonNode delivery = onlyDelivery(channelId);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("attemptLog").findValues("statusCode").stream().map(JsonNode::asInt))
                .containsExactly(503, 500, 200);
        assertThat(delivery.get("attemptLog").findValues("attempt").stream().map(JsonNode::asInt))
                .containsExactly(1, 2, 3);
    }

    @Test
    void receiverThatHangsTimesOutAndIsRetried() throws Exception {
        Receiver hook = receiver(Answer.ok().after(Duration.ofSeconds(4)), Answer.ok());
        long channelId = channel("webhook", hook.url("/slow"), "{}")
                .get("channel")
                .get("id")
                .asLong();

        raiseQuotaAlert("slow-" + UUID.randomUUID());

        await().atMost(PATIENCE).until(() -> delivered(channelId) == 1);
        JsonNode attempts = onlyDelivery(channelId).get("attemptLog");
        assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("retry");
        assertThat(attempts.get(0).get("error").asString()).isEqualTo("The receiver did not answer in time.");
        assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void goneDisablesTheChannel() throws Exception {
        Receiver hook = receiver(Answer.status(410));
        long channelId = channel("webhook", hook.url("/gone"), "{}")
                .get("channel")
                .get("id")
                .asLong();

        raiseQuotaAlert("gone-" + UUID.randomUUID());

        await().atMost(PATIENCE)
                .until(() -> !api.call("GET", "/api/v1/notifications/channels/" + channelId, reader, null)
                        .body()
                        .get("enabled")
                        .asBoolean());
        JsonNode channel = api.call("GET", "/api/v1/notifications/channels/" + channelId, reader, null)
                .body();
        assertThat(channel.get("disabledReason").asString()).contains("410");
        assertThat(channel.get("notifications").get("dead").asLong()).isEqualTo(1);
        assertThat(hook.requests()).hasSize(1);
    }

    @Test
    void redirectIsAFailureAndIsNotFollowed() throws Exception {
        Receiver elsewhere = receiver(Answer.ok());
        Receiver hook = receiver(Answer.status(302).withHeader("Location", elsewhere.url("/other")), Answer.ok());
        long channelId = channel("webhook", hook.url("/moved"), "{}")
                .get("channel")
                .get("id")
                .asLong();

        raiseQuotaAlert("redirect-" + UUID.randomUUID());

        await().atMost(PATIENCE).until(() -> delivered(channelId) == 1);
        JsonNode first = onlyDelivery(channelId).get("attemptLog").get(0);
        assertThat(first.get("statusCode").asInt()).isEqualTo(302);
        assertThat(first.get("outcome").asString()).isEqualTo("retry");
        assertThat(elsewhere.requests()).isEmpty();
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        Receiver hook = receiver(Answer.status(429).withHeader("Retry-After", "2"), Answer.ok());
        long channelId = channel("webhook", hook.url("/busy"), "{}")
                .get("channel")
                .get("id")
                .asLong();

        raiseQuotaAlert("busy-" + UUID.randomUUID());

        await().atMost(PATIENCE).until(() -> delivered(channelId) == 1);
        List<Receiver.Request> requests = hook.requests();
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void notificationIsDeadAfterItsLastAttemptAndCountedAsSuch() throws Exception {
        Receiver hook = receiver(Answer.status(500).withBody("internal detail that must not leak"));
        long channelId = channel("webhook", hook.url("/down"), "{}")
                .get("channel")
                .get("id")
                .asLong();

        raiseQuotaAlert("dead-" + UUID.randomUUID());

        await().atMost(PATIENCE)
                .until(() -> api.call(
                                        "GET",
                                        "/api/v1/notifications/deliveries?status=dead&channel=" + channelId,
                                        reader,
                                        null)
                                .body()
                                .size()
                        == 1);
        assertThat(hook.requests()).hasSize(properties.maxAttempts());
        JsonNode delivery = onlyDelivery(channelId);
        assertThat(delivery.get("lastError").asString()).isEqualTo("The receiver answered 500.");
        assertThat(delivery.toString()).doesNotContain("internal detail");
        assertThat(meters.get("hijackwatch.notifications.dead").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("hijackwatch.notifications.attempts")
                        .tag("outcome", "dead")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void severalDispatchersOnOneDatabaseMakeEachAttemptOnce() throws Exception {
        Receiver hook = receiver(Answer.ok().after(Duration.ofMillis(20)));
        long channelId = channel("webhook", hook.url("/many"), "{}")
                .get("channel")
                .get("id")
                .asLong();
        List<Dispatcher> extra = List.of(newDispatcher(), newDispatcher());
        extra.forEach(Dispatcher::start);
        try {
            for (int i = 0; i < 12; i++) {
                raiseQuotaAlertAt("many-" + UUID.randomUUID(), "2024-12-%02dT03:10:00Z".formatted(i + 1));
            }

            await().atMost(PATIENCE).until(() -> delivered(channelId) == 12);
        } finally {
            extra.forEach(Dispatcher::stop);
        }
        Map<String, Long> byId = hook.requests().stream()
                .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
        assertThat(byId).hasSize(12).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void alertChangesAreAnnouncedAsTheChannelAsks() throws Exception {
        Receiver hook = receiver(Answer.ok());
        long channelId = channel(
                        "webhook",
                        hook.url("/changes"),
                        "{\"events\":[\"opened\",\"escalated\",\"resolved\"],\"escalateAtCount\":3}")
                .get("channel")
                .get("id")
                .asLong();
        String user = "changes-" + UUID.randomUUID();

        raiseQuotaAlert(user);
        api.postEvents(
                admin,
                "cloudtrail",
                "application/json",
                deliveryFile(List.of(
                                quotaIncrease(user + "-2", "2024-12-16T03:12:00Z", user, 64),
                                quotaIncrease(user + "-3", "2024-12-16T03:13:00Z", user, 64)))
                        .getBytes(StandardCharsets.UTF_8));
        long alertId = api.call("GET", "/api/v1/alerts", reader, null)
                .body()
                .get("items")
                .get(0)
                .get("id")
                .asLong();
        api.call("PATCH", "/api/v1/alerts/" + alertId, admin, "{\"status\":\"resolved\"}");

        await().atMost(PATIENCE).until(() -> delivered(channelId) == 3);
        List<String> types = hook.requests().stream()
                .map(r -> JSON.readTree(r.body()).get("type").asString())
                .toList();
        assertThat(types).containsExactlyInAnyOrder("alert.opened", "alert.escalated", "alert.resolved");
    }

    @Test
    void channelOutsideTheFiltersHearsNothing() throws Exception {
        Receiver hook = receiver(Answer.ok());
        long critical = channel("webhook", hook.url("/critical"), "{\"minSeverity\":\"critical\"}")
                .get("channel")
                .get("id")
                .asLong();
        long azureOnly = channel("webhook", hook.url("/azure"), "{\"providers\":[\"azure\"]}")
                .get("channel")
                .get("id")
                .asLong();
        Receiver all = receiver(Answer.ok());
        long everything = channel("webhook", all.url("/all"), "{}")
                .get("channel")
                .get("id")
                .asLong();

        raiseQuotaAlert("filters-" + UUID.randomUUID());

        await().atMost(PATIENCE).until(() -> delivered(everything) == 1);
        assertThat(hook.requests()).isEmpty();
        assertThat(delivered(critical) + delivered(azureOnly)).isZero();
    }

    private Dispatcher newDispatcher() {
        return new Dispatcher(
                outbox,
                channelStore,
                sender,
                transactions,
                properties,
                Clock.systemUTC(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private Receiver receiver(Answer... answers) throws Exception {
        Receiver receiver = new Receiver(answers);
        receivers.add(receiver);
        return receiver;
    }

    private JsonNode channel(String type, String url, String extraJson) {
        JsonNode extra = JSON.readTree(extraJson);
        tools.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        body.put("name", type + "-" + UUID.randomUUID());
        body.put("type", type);
        body.put("url", url);
        extra.properties().forEach(entry -> body.set(entry.getKey(), entry.getValue()));
        ApiClient.Reply reply = api.call("POST", "/api/v1/notifications/channels", admin, body.toString());
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        return reply.body();
    }

    private void raiseQuotaAlert(String user) {
        raiseQuotaAlertAt(user, "2024-12-16T03:10:00Z");
    }

    private void raiseQuotaAlertAt(String user, String time) {
        ApiClient.Reply reply = api.postEvents(
                admin,
                "cloudtrail",
                "application/json",
                deliveryFile(List.of(quotaIncrease(user, time, user, 64))).getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(202);
    }

    private long delivered(long channelId) {
        return api.call("GET", "/api/v1/notifications/channels/" + channelId, reader, null)
                .body()
                .get("notifications")
                .get("delivered")
                .asLong();
    }

    private JsonNode onlyDelivery(long channelId) {
        JsonNode list = api.call("GET", "/api/v1/notifications/deliveries?channel=" + channelId, reader, null)
                .body();
        assertThat(list).hasSize(1);
        return api.call(
                        "GET",
                        "/api/v1/notifications/deliveries/"
                                + list.get(0).get("id").asLong(),
                        reader,
                        null)
                .body();
    }
}
