package io.hijackwatch.baseline;

import static io.hijackwatch.baseline.SmsTraffic.GB;
import static io.hijackwatch.baseline.SmsTraffic.START;
import static io.hijackwatch.baseline.SmsTraffic.US;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.ingest.IngestService;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.TenantRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The SMS pumping detector over weeks of an account's ordinary traffic and bursts injected into it. */
@ServiceTest
class SmsPumpingTests {

    private static final String ACCOUNT = "AC11111111111111111111111111111111";
    private static final String RULE = "sms.pumping";
    private static final SmsTraffic.Destination LITHUANIA_PREMIUM =
            new SmsTraffic.Destination("LT", "premium_rate", "+370", null);
    private static final SmsTraffic.Destination FRANCE = new SmsTraffic.Destination("FR", "mobile", "+336", 0.07);
    private static final Instant AFTER_HISTORY = START.plus(Duration.ofDays(15)).plus(Duration.ofHours(14));

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    IngestService ingest;

    BaselineTestSupport tenant;

    @BeforeEach
    void tenantWithQuietHistory() {
        tenant = new BaselineTestSupport(tenants, ingest, port);
        tenant.ingest(new SmsTraffic(1).history(ACCOUNT, START, 15, 3).events());
        assertThat(tenant.alerts(null)).isEmpty();
    }

    @Test
    void flagsPumpingBurstToNewCountrysPremiumPrefixOnceWithNormalSeenAndCost() {
        tenant.ingest(new SmsTraffic(2)
                .sequentialBurst(ACCOUNT, AFTER_HISTORY, 150, LITHUANIA_PREMIUM, 37090010000L)
                .events());

        List<JsonNode> alerts = tenant.alerts(RULE);
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("technique").asString()).isEqualTo("T1496.003");
        assertThat(alert.get("severity").asString()).isEqualTo("critical");
        assertThat(alert.get("account").asString()).isEqualTo(ACCOUNT);
        String summary = alert.get("summary").asString();
        assertThat(summary)
                .containsPattern(
                        "Normal: [2-4](\\.5)? messages an hour \\(median of this hour of the week over 2 weeks\\)")
                .contains("to US, GB")
                .contains("Seen: 150 messages")
                .contains("150 to LT, a country the account has not sent to before")
                .contains("150 to premium-rate or shared-cost numbers")
                .contains("a run of 150 sequential numbers in prefix +37090010")
                .contains("Cost: ");
        assertThat(summary)
                .contains("Cost: 9.75 USD in the hour (0.00 from prices seen, 9.75 estimated for 150 unpriced segments"
                        + " from the bundled price table)")
                .containsPattern("cost 9\\.75 in the hour where 0\\.0[0-9] is normal");
        JsonNode fields = alert.get("evidence").get("fields");
        assertThat(fields.get("topPrefixes").get("+37090010").asLong()).isEqualTo(150);
        assertThat(fields.get("topCountries").get("LT").asLong()).isEqualTo(150);
        assertThat(fields.get("messages").asLong()).isEqualTo(150);
        assertThat(fields.get("normalMessages").asString()).matches("[2-4](\\.5)?");
        assertThat(fields.get("costAtRisk").asString()).isEqualTo("9.75");
        assertThat(fields.get("priceUnit").asString()).isEqualTo("USD");
    }

    @Test
    void manyDistinctNumbersInOneUsualPrefixAreFlaggedAsMediumWithTheCostOfKnownPrices() {
        tenant.ingest(new SmsTraffic(9)
                .prefixBurst(ACCOUNT, AFTER_HISTORY, 26, US, "+1347555", 26, "delivered")
                .events());

        List<JsonNode> alerts = tenant.alerts(RULE);
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("severity").asString()).isEqualTo("medium");
        assertThat(alert.get("summary").asString())
                .contains("26 to prefix +1347555 where 0 is normal")
                .contains("26 distinct numbers in prefix +1347555 within the hour")
                .doesNotContain("sequential")
                .doesNotContain("not sent to before")
                .contains("Cost: 0.21 USD in the hour (0.21 from prices seen, 0.00 estimated)");
        assertThat(alert.get("evidence")
                        .get("fields")
                        .get("topPrefixes")
                        .get("+1347555")
                        .asLong())
                .isEqualTo(26);
    }

    @Test
    void prefixVolumeIsJudgedAgainstThePrefixsOwnHistory() {
        String local = "AC88888888888888888888888888888888";
        SmsTraffic history = new SmsTraffic(14);
        for (int hour = 0; hour < 15 * 24; hour++) {
            history.prefixBurst(local, START.plus(Duration.ofHours(hour)), 4, US, "+1347555", 4, "delivered");
        }
        tenant.ingest(history.events());

        tenant.ingest(new SmsTraffic(15)
                .prefixBurst(local, AFTER_HISTORY, 15, US, "+1347555", 15, "delivered")
                .events());
        assertThat(tenant.alerts(RULE)).isEmpty();

        Instant later = AFTER_HISTORY.plus(Duration.ofHours(3));
        tenant.ingest(new SmsTraffic(16)
                .prefixBurst(local, later, 60, US, "+1347555", 26, "delivered")
                .events());

        List<JsonNode> alerts = tenant.alerts(RULE);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("summary").asString())
                .contains("in the hour from " + later)
                .contains("60 to prefix +1347555 where 4 is normal")
                .contains("26 distinct numbers in prefix +1347555");
    }

    @Test
    void aFewMessagesToOnePrefixStayBelowTheFloor() {
        tenant.ingest(new SmsTraffic(10)
                .prefixBurst(ACCOUNT, AFTER_HISTORY, 9, US, "+1347555", 9, "delivered")
                .events());

        assertThat(tenant.alerts(RULE)).isEmpty();
    }

    @Test
    void highUndeliveredShareTipsAPrefixWithManyNumbersIntoAnAlert() {
        Instant delivered = AFTER_HISTORY;
        Instant undelivered = AFTER_HISTORY.plus(Duration.ofHours(2));

        tenant.ingest(new SmsTraffic(11)
                .prefixBurst(ACCOUNT, delivered, 12, GB, "+447700900", 12, "delivered")
                .events());
        assertThat(tenant.alerts(RULE)).isEmpty();

        tenant.ingest(new SmsTraffic(12)
                .prefixBurst(ACCOUNT, undelivered, 12, GB, "+447700901", 12, "undelivered")
                .events());

        List<JsonNode> alerts = tenant.alerts(RULE);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("summary").asString())
                .contains("100% of 12 to prefix +447700901 failed or were undelivered (normally 0%)")
                .contains("12 to prefix +447700901 where 0 is normal")
                .contains("12 distinct numbers in prefix +447700901")
                .contains("in the hour from " + undelivered);
    }

    @Test
    void aRareCountryCountsLessThanANewOneButStillWithItsPrefix() {
        tenant.ingest(new SmsTraffic(13)
                .burst(ACCOUNT, START.plus(Duration.ofDays(14)), 1, FRANCE)
                .prefixBurst(ACCOUNT, AFTER_HISTORY, 30, FRANCE, "+33612345", 30, "delivered")
                .events());

        List<JsonNode> alerts = tenant.alerts(RULE);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("summary").asString())
                .contains("30 to FR, which had 1 of the account's")
                .doesNotContain("not sent to before");
    }

    @Test
    void sameVolumeToTheAccountsUsualCountryIsNotPumping() {
        tenant.ingest(new SmsTraffic(3).burst(ACCOUNT, AFTER_HISTORY, 150, US).events());

        assertThat(tenant.alerts(RULE)).isEmpty();
        List<JsonNode> bursts = tenant.alerts("messaging.volume_burst");
        assertThat(bursts).hasSize(1);
        assertThat(bursts.get(0).get("severity").asString()).isEqualTo("low");
        assertThat(bursts.get(0).get("summary").asString())
                .contains("150 messages on twilio:twilio.messages:outbound-api")
                .contains("costing 1.19 USD");
    }

    @Test
    void newCountryWithVolumeAndCostIsFlaggedUnlessAllowListed() {
        tenant.ingest(
                new SmsTraffic(4).burst(ACCOUNT, AFTER_HISTORY, 150, FRANCE).events());
        List<JsonNode> flagged = tenant.alerts(RULE);

        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0).get("summary").asString())
                .contains("150 to FR, a country the account has not")
                .contains("Cost: 10.50 USD in the hour (10.50 from prices seen, 0.00 estimated)")
                .containsPattern("cost 10\\.50 in the hour where 0\\.0[0-9] is normal");

        BaselineTestSupport other = new BaselineTestSupport(tenants, ingest, port);
        other.ingest(new SmsTraffic(1).history(ACCOUNT, START, 15, 3).events());
        assertThat(other.call(
                                "PUT",
                                "/api/v1/baselines/sms/allowed-countries?account=" + ACCOUNT,
                                "{\"countries\":[\"fr\"]}")
                        .status())
                .isEqualTo(200);
        other.ingest(
                new SmsTraffic(4).burst(ACCOUNT, AFTER_HISTORY, 150, FRANCE).events());

        assertThat(other.alerts(RULE)).isEmpty();
    }

    @Test
    void brandNewAccountIsNotJudgedOnItsFirstDayUnlessPremiumOrFraudGuard() {
        String fresh = "AC22222222222222222222222222222222";
        String blocked = "AC33333333333333333333333333333333";
        Instant day = START.plus(Duration.ofDays(20));

        tenant.ingest(new SmsTraffic(5).burst(fresh, day, 200, FRANCE).events());
        assertThat(tenant.alerts(RULE)).isEmpty();

        tenant.ingest(new SmsTraffic(6)
                .burst(fresh, day.plus(Duration.ofHours(1)), 5, LITHUANIA_PREMIUM)
                .events());
        assertThat(tenant.alerts(RULE))
                .extracting(alert -> alert.get("account").asString())
                .containsExactly(fresh);

        tenant.ingest(fraudGuardBlocks(blocked, day, 4));
        assertThat(tenant.alerts(RULE))
                .extracting(alert -> alert.get("account").asString())
                .containsExactlyInAnyOrder(fresh, blocked);
    }

    @Test
    void replayingTheSameBodyChangesNothing() {
        List<io.hijackwatch.collector.NormalizedEvent> burst = new SmsTraffic(7)
                .sequentialBurst(ACCOUNT, AFTER_HISTORY, 60, LITHUANIA_PREMIUM, 37090020000L)
                .events();
        tenant.ingest(burst);
        String before = snapshot();

        assertThat(tenant.ingest(burst).duplicates()).isEqualTo(60);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aTenantThatTurnedTheDetectorOffGetsNoAlert() {
        assertThat(tenant.call("PATCH", "/api/v1/rules/" + RULE, "{\"enabled\":false}")
                        .status())
                .isEqualTo(200);

        tenant.ingest(new SmsTraffic(8)
                .sequentialBurst(ACCOUNT, AFTER_HISTORY, 150, LITHUANIA_PREMIUM, 37090030000L)
                .events());

        assertThat(tenant.alerts(RULE)).isEmpty();
    }

    private String snapshot() {
        return tenant.alerts(null).stream()
                        .map(alert -> alert.get("id") + "/" + alert.get("count") + "/" + alert.get("summary"))
                        .toList()
                + tenant.call("GET", "/api/v1/baselines?account=" + ACCOUNT, null)
                        .body()
                        .toString();
    }

    private static List<io.hijackwatch.collector.NormalizedEvent> fraudGuardBlocks(
            String account, Instant at, int count) {
        List<io.hijackwatch.collector.NormalizedEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant time = at.plusSeconds(60L * i);
            events.add(SmsTraffic.message(
                    String.format("SMfraud%s%02d", account.substring(2, 10), i),
                    account,
                    time,
                    "+23350000" + (1000 + i * 37),
                    new SmsTraffic.Destination("GH", "mobile", "+233", null),
                    "failed",
                    "30453",
                    0L,
                    null,
                    time));
        }
        return events;
    }
}
