package io.hijackwatch.baseline;

import static io.hijackwatch.baseline.SmsTraffic.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.ingest.IngestService;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.TenantRepository;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Four weeks of seasonal traffic of several accounts (busy days, quiet nights and weekends) streamed in daily batches,
 * with a pumping attack, a spam burst from a stolen SES key and a legitimate marketing blast injected into the last
 * week. The attacks raise one explained alert each, the blast at most a low one, the normal weeks none; the test
 * prints precision and recall.
 */
@ServiceTest
class MessagingScenarioTests {

    private static final String SHOP = "AC66666666666666666666666666666666";
    private static final String BANK = "AC77777777777777777777777777777777";
    private static final String NEWSLETTER = "444455556666";
    private static final int DAYS = 28;

    private static final SmsTraffic.Destination DE = new SmsTraffic.Destination("DE", "mobile", "+4915", 0.0900);
    private static final SmsTraffic.Destination LT_PREMIUM =
            new SmsTraffic.Destination("LT", "premium_rate", "+370", null);
    private static final SmsTraffic.Destination LV = new SmsTraffic.Destination("LV", "mobile", "+371", null);

    private static final Instant PUMPING = START.plus(Duration.ofDays(24)).plus(Duration.ofHours(2));
    private static final Instant BLAST = START.plus(Duration.ofDays(22)).plus(Duration.ofHours(10));
    private static final Instant SPAM = START.plus(Duration.ofDays(26)).plus(Duration.ofHours(3));

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    IngestService ingest;

    @Test
    void attacksRaiseOneExplainedAlertEachAndTheNormalWeeksNone() {
        BaselineTestSupport tenant = new BaselineTestSupport(tenants, ingest, port);
        List<NormalizedEvent> all = new ArrayList<>();
        all.addAll(ordinaryMonth());
        all.addAll(attacks());
        all.sort(Comparator.comparing(NormalizedEvent::time));

        for (int day = 0; day < DAYS; day++) {
            Instant from = START.plus(Duration.ofDays(day));
            Instant to = from.plus(Duration.ofDays(1));
            tenant.ingest(all.stream()
                    .filter(event ->
                            !event.time().isBefore(from) && event.time().isBefore(to))
                    .toList());
        }

        List<JsonNode> pumping = tenant.alerts("sms.pumping");
        List<JsonNode> bursts = tenant.alerts("messaging.volume_burst");
        report(pumping, bursts);

        assertThat(pumping).hasSize(1);
        JsonNode pump = pumping.get(0);
        assertThat(pump.get("account").asString()).isEqualTo(SHOP);
        assertThat(pump.get("technique").asString()).isEqualTo("T1496.003");
        assertThat(pump.get("count").asLong())
                .as("one alert for the three hours of the attack")
                .isEqualTo(3);
        assertThat(pump.get("summary").asString())
                .contains("sequential numbers in prefix +37069")
                .contains("to premium-rate or shared-cost numbers")
                .contains("Cost: ")
                .contains("from the bundled price table");
        assertThat(pump.get("evidence").get("fields").get("topPrefixes").propertyNames())
                .allMatch(prefix -> prefix.startsWith("+37069") || prefix.startsWith("+37120"));

        assertThat(bursts)
                .extracting(alert -> alert.get("account").asString() + " "
                        + alert.get("severity").asString())
                .containsExactlyInAnyOrder(NEWSLETTER + " high", BANK + " low");
        JsonNode spam = bursts.stream()
                .filter(alert -> alert.get("account").asString().equals(NEWSLETTER))
                .findFirst()
                .orElseThrow();
        assertThat(spam.get("technique").asString()).isEqualTo("T1496.004");
        assertThat(spam.get("summary").asString())
                .contains("bounce or failure rate")
                .contains("complaint rate");
    }

    /** Two Twilio accounts (a shop and a bank sending codes) and an SES newsletter sender, busy by day. */
    private static List<NormalizedEvent> ordinaryMonth() {
        Random random = new Random(42);
        SmsTraffic sms = new SmsTraffic(43);
        MessagingTraffic email = new MessagingTraffic();
        for (int hour = 0; hour < DAYS * 24; hour++) {
            Instant at = START.plus(Duration.ofHours(hour));
            double activity = activity(at);
            sms.burst(SHOP, at, poisson(random, 6 * activity), SmsTraffic.US);
            sms.burst(SHOP, at, poisson(random, 2 * activity), SmsTraffic.GB);
            sms.burst(BANK, at, poisson(random, 8 * activity), DE);
            sms.burst(BANK, at, poisson(random, 1 * activity), SmsTraffic.GB);
            email.sesHour(NEWSLETTER, at, poisson(random, 12 * activity), 0, 0);
        }
        List<NormalizedEvent> events = new ArrayList<>(sms.events());
        events.addAll(email.events());
        return events;
    }

    /** Pumping on the shop for three hours, a marketing blast of the bank, spam through the newsletter's key. */
    private static List<NormalizedEvent> attacks() {
        SmsTraffic sms = new SmsTraffic(44);
        for (int hour = 0; hour < 3; hour++) {
            Instant at = PUMPING.plus(Duration.ofHours(hour));
            sms.sequentialBurst(SHOP, at, 70, LT_PREMIUM, 37069100000L + hour * 1000L);
            sms.sequentialBurst(SHOP, at, 20, LV, 37120500000L + hour * 1000L);
        }
        sms.burst(BANK, BLAST, 400, DE);
        sms.burst(BANK, BLAST, 100, SmsTraffic.GB);
        MessagingTraffic email = new MessagingTraffic()
                .sesHour(NEWSLETTER, SPAM, 1500, 240, 9)
                .sesHour(NEWSLETTER, SPAM.plus(Duration.ofHours(1)), 1500, 260, 11);
        List<NormalizedEvent> events = new ArrayList<>(sms.events());
        events.addAll(email.events());
        return events;
    }

    /** 1 at the busiest weekday hours, lower at night and at weekends. */
    private static double activity(Instant at) {
        int hour = at.atZone(ZoneOffset.UTC).getHour();
        DayOfWeek day = at.atZone(ZoneOffset.UTC).getDayOfWeek();
        double daily = hour >= 8 && hour < 20 ? 1.0 : hour >= 6 && hour < 23 ? 0.5 : 0.15;
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? daily * 0.4 : daily;
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private static void report(List<JsonNode> pumping, List<JsonNode> bursts) {
        Set<String> attacks = Set.of(SHOP + " T1496.003", NEWSLETTER + " T1496.004");
        Set<String> found = new TreeSet<>();
        int alerts = 0;
        int falseAlerts = 0;
        int lowAlerts = 0;
        for (JsonNode alert : concat(pumping, bursts)) {
            String key = alert.get("account").asString() + " "
                    + alert.get("technique").asString();
            if (attacks.contains(key)) {
                found.add(key);
                alerts++;
            } else if ("low".equals(alert.get("severity").asString())) {
                lowAlerts++;
            } else {
                alerts++;
                falseAlerts++;
            }
        }
        double precision = alerts == 0 ? 0 : (double) (alerts - falseAlerts) / alerts;
        double recall = (double) found.size() / attacks.size();
        System.out.printf(
                "messaging scenario: precision %.2f, recall %.2f over %d attacks (%d alerts of medium severity or"
                        + " above, %d false; %d low-severity alerts)%n",
                precision, recall, attacks.size(), alerts, falseAlerts, lowAlerts);
    }

    private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
        List<JsonNode> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
