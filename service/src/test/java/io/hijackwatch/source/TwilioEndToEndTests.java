package io.hijackwatch.source;

import static io.hijackwatch.source.SourcesApiTests.await;
import static io.hijackwatch.source.SourcesApiTests.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.hijackwatch.collector.twilio.FakeTwilio;
import io.hijackwatch.collector.twilio.FakeTwilio.RawMessage;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * SMS pumping end to end: Twilio messages reach the service through the real parser (a Console CSV export, then an
 * API page of the same messages with their prices filled in) and through the real {@code twilio} source polling a
 * local fake of the REST API with the Twilio SDK; the learned baselines and the pumping detector raise one explained
 * T1496.003 alert, and later readings of the same messages neither double it nor count a message twice.
 */
@ServiceTest
@TestPropertySource(
        properties = {
            "hijackwatch.sources.enabled=true",
            "hijackwatch.sources.poll-interval=200ms",
            "hijackwatch.sources.lease-ttl=5s",
            "hijackwatch.sources.secrets.directories=" + TwilioEndToEndTests.SECRETS
        })
class TwilioEndToEndTests {

    static final String SECRETS = "target/test-secrets/twilio-e2e";

    private static final String RULE = "sms.pumping";
    private static final String EXPORT_ACCOUNT = "AC5555555555555555555555555555aa";
    private static final Instant HISTORY_START = Instant.parse("2026-10-05T00:00:00Z");
    private static final Instant BURST_HOUR =
            HISTORY_START.plus(Duration.ofDays(15)).plus(Duration.ofHours(14));
    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final FakeTwilio TWILIO = started();

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    long tenantId;
    String admin;

    @DynamicPropertySource
    static void twilioEndpoint(DynamicPropertyRegistry registry) {
        registry.add(
                "hijackwatch.sources.endpoints.twilio", () -> TWILIO.endpoint().toString());
    }

    @AfterAll
    static void stopFake() {
        TWILIO.close();
    }

    @BeforeEach
    void newTenant() throws IOException {
        api = new ApiClient(port);
        tenantId = tenants.createTenant("twilio-e2e-" + UUID.randomUUID());
        admin = tenants.createKey(tenantId, "admin", Role.ADMIN, null);
        Path folder = Files.createDirectories(Path.of(SECRETS));
        Files.writeString(folder.resolve("auth-token"), FakeTwilio.AUTH_TOKEN + "\n");
    }

    @AfterEach
    void pauseSources() {
        jdbc.sql("UPDATE source SET paused = true").update();
    }

    @Test
    void consoleExportWithAPumpingBurstRaisesOneExplainedAlertAndLaterPricesDoubleNothing() {
        List<Message> history = history();
        List<Message> burst = sequentialPremium(EXPORT_ACCOUNT, BURST_HOUR, 120, 0);
        List<Message> export = new ArrayList<>(history);
        export.addAll(burst);

        Reply posted = postEvents("text/csv", csv(export));
        assertThat(posted.status()).as(posted.body().toString()).isEqualTo(202);
        assertThat(posted.body().get("accepted").asLong()).isEqualTo(export.size());
        assertThat(posted.body().get("rejected").asLong()).isZero();

        List<JsonNode> alerts = alerts();
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("technique").asString()).isEqualTo("T1496.003");
        assertThat(alert.get("account").asString()).isEqualTo(EXPORT_ACCOUNT);
        assertThat(alert.get("summary").asString())
                .contains("Normal: ")
                .contains("to GB")
                .contains("Seen: 120 messages")
                .contains("120 to LT, a country the account has not sent to before")
                .contains("120 to premium-rate or shared-cost numbers")
                .contains("sequential numbers")
                .contains("Cost: ");
        assertThat(alert.get("evidence")
                        .get("fields")
                        .get("topCountries")
                        .get("LT")
                        .asLong())
                .isEqualTo(120);
        long countBefore = alert.get("count").asLong();

        List<Message> priced = burst.stream().map(Message::undeliveredAndPriced).toList();
        Reply again = postEvents("application/x-ndjson", jsonLines(priced));
        assertThat(again.status()).as(again.body().toString()).isEqualTo(202);
        assertThat(again.body().get("duplicates").asLong()).isEqualTo(120);

        List<JsonNode> after = alerts();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("count").asLong()).isEqualTo(countBefore);
        assertThat(after.get(0).get("summary").asString()).contains("7.80 from prices seen");
        Map<String, Object> hour = accountHour(EXPORT_ACCOUNT, BURST_HOUR);
        assertThat(hour)
                .containsEntry("messages", 120L)
                .containsEntry("failures", 120L)
                .containsEntry("cost", "7.800000");
    }

    @Test
    void twilioSourcePollsTheApiAndRaisesOneAlertForPremiumRateTrafficOnANewAccount() {
        Instant lastHour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<Message> pumped = sequentialPremium(FakeTwilio.ACCOUNT, lastHour, 30, 500);
        pumped.forEach(message -> TWILIO.add(message.listed()));

        Reply created = api.call(
                "POST",
                "/api/v1/sources",
                admin,
                "{\"name\":\"sms\",\"kind\":\"twilio\",\"settings\":{\"accountSid\":\"" + FakeTwilio.ACCOUNT
                        + "\",\"authToken\":\"file:" + secret("auth-token") + "\",\"usageRecords\":\"false\"}}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().toString()).doesNotContain(FakeTwilio.AUTH_TOKEN);
        long id = created.body().get("id").asLong();

        await(() -> !alerts().isEmpty() && source(id).get("eventsTotal").asLong() == 30);
        int listed = TWILIO.requestsFor("Messages").size();
        await(() -> TWILIO.requestsFor("Messages").size() >= listed + 3);
        sleep(Duration.ofMillis(300));

        JsonNode source = source(id);
        assertThat(source.get("status").asString()).isEqualTo("ok");
        assertThat(source.get("eventsTotal").asLong()).isEqualTo(30);
        List<JsonNode> alerts = alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("account").asString()).isEqualTo(FakeTwilio.ACCOUNT);
        assertThat(alerts.get(0).get("technique").asString()).isEqualTo("T1496.003");
        assertThat(alerts.get(0).get("summary").asString()).contains("30 to premium-rate or shared-cost numbers");
        assertThat(accountHour(FakeTwilio.ACCOUNT, lastHour)).containsEntry("messages", 30L);
    }

    /** One outbound message as the tests write it into exports and API pages. */
    private record Message(
            String sid, String account, String to, Instant created, String status, String price, Instant updated) {

        Message undeliveredAndPriced() {
            return new Message(sid, account, to, created, "undelivered", "-0.06500", created.plusSeconds(90));
        }

        String csvRow() {
            return String.join(
                    ",",
                    sid,
                    "+15017122661",
                    to,
                    "\"Your code is 4918, valid 10 minutes\"",
                    status,
                    created.toString(),
                    "2010-04-01",
                    "1",
                    "",
                    account,
                    "outbound-api",
                    price == null ? "" : price,
                    "USD");
        }

        String json() {
            return "{\"sid\":\"" + sid + "\",\"account_sid\":\"" + account + "\",\"from\":\"+15017122661\",\"to\":\""
                    + to + "\",\"direction\":\"outbound-api\",\"status\":\"" + status + "\",\"num_segments\":\"1\","
                    + "\"price\":" + (price == null ? "null" : "\"" + price + "\"") + ",\"price_unit\":\"USD\","
                    + "\"date_created\":\"" + RFC_2822.format(created) + "\",\"date_sent\":\""
                    + RFC_2822.format(created) + "\",\"date_updated\":\"" + RFC_2822.format(updated) + "\","
                    + "\"error_code\":null,\"messaging_service_sid\":null,\"body\":\"Your code is 4918\"}";
        }

        RawMessage listed() {
            return new RawMessage(sid, created, created, json());
        }
    }

    /** Fifteen days of an account's ordinary traffic: about three messages an hour to UK mobiles. */
    private static List<Message> history() {
        Random random = new Random(15);
        String mobile = e164("GB", PhoneNumberType.MOBILE);
        String prefix = mobile.substring(0, mobile.length() - 3);
        List<Message> messages = new ArrayList<>();
        for (int hour = 0; hour < 15 * 24; hour++) {
            Instant start = HISTORY_START.plus(Duration.ofHours(hour));
            for (int i = 0, count = 2 + random.nextInt(3); i < count; i++) {
                Instant created = start.plusSeconds(random.nextInt(3600));
                String to = prefix + String.format("%03d", random.nextInt(1000));
                messages.add(new Message(
                        sid(messages.size()), EXPORT_ACCOUNT, to, created, "delivered", "-0.04000", created));
            }
        }
        return messages;
    }

    /** {@code count} messages within the hour from {@code start} to consecutive Lithuanian premium-rate numbers. */
    private static List<Message> sequentialPremium(String account, Instant start, int count, int firstSid) {
        long first = Long.parseLong(e164("LT", PhoneNumberType.PREMIUM_RATE).substring(1));
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant created = start.plusSeconds(i * 1200L / count);
            messages.add(new Message(
                    sid(1_000_000 + firstSid + i), account, "+" + (first + i), created, "sent", null, created));
        }
        return messages;
    }

    private static String e164(String region, PhoneNumberType type) {
        return PHONE_NUMBERS.format(PHONE_NUMBERS.getExampleNumberForType(region, type), PhoneNumberFormat.E164);
    }

    private static String sid(int n) {
        return String.format("SM%032x", n);
    }

    private static byte[] csv(List<Message> messages) {
        StringBuilder csv = new StringBuilder(
                "Sid,From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Direction,Price,PriceUnit\n");
        messages.forEach(message -> csv.append(message.csvRow()).append('\n'));
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] jsonLines(List<Message> messages) {
        StringBuilder lines = new StringBuilder();
        messages.forEach(message -> lines.append(message.json()).append('\n'));
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Reply postEvents(String contentType, byte[] body) {
        return api.postEvents(admin, "twilio-messages", contentType, body);
    }

    private List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        api.call("GET", "/api/v1/alerts?limit=500&rule=" + RULE, admin, null)
                .body()
                .get("items")
                .forEach(alerts::add);
        return alerts;
    }

    private JsonNode source(long id) {
        return api.call("GET", "/api/v1/sources/" + id, admin, null).body();
    }

    private Map<String, Object> accountHour(String account, Instant hour) {
        return jdbc.sql("""
                        SELECT messages, failures, cost::text AS cost FROM baseline_hour
                        WHERE tenant_id = :t AND account = :account AND series = 'account' AND series_key = 'all'
                        AND hour = :hour
                        """)
                .param("t", tenantId)
                .param("account", account)
                .param("hour", java.sql.Timestamp.from(hour))
                .query()
                .singleRow();
    }

    private static String secret(String name) {
        return Path.of(SECRETS, name).toAbsolutePath().toString();
    }

    private static FakeTwilio started() {
        try {
            return new FakeTwilio();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
