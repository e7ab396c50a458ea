package io.hijackwatch.baseline;

import static io.hijackwatch.baseline.SmsTraffic.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.ingest.IngestService;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.TenantRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The message-volume burst detector over weeks of seasonal SES and SNS traffic and bursts injected into it. */
@ServiceTest
class VolumeBurstTests {

    private static final String ACCOUNT = "111122223333";
    private static final String RULE = "messaging.volume_burst";
    private static final String SES_CHANNEL = "aws:ses.events:events";
    private static final int MONDAY_NINE = 9;
    private static final int NEWSLETTER = 200;
    private static final int USUAL = 6;
    /** A weekly newsletter goes out on Mondays at 09:00; every other hour sends a few messages. */
    private static final IntUnaryOperator WEEKLY_NEWSLETTER =
            hourOfWeek -> hourOfWeek == MONDAY_NINE ? NEWSLETTER : USUAL;

    private static final Instant FOURTH_MONDAY_NINE =
            START.plus(Duration.ofDays(21)).plus(Duration.ofHours(9));
    private static final Instant FOURTH_TUESDAY_NINE = FOURTH_MONDAY_NINE.plus(Duration.ofDays(1));

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    IngestService ingest;

    BaselineTestSupport tenant;

    @BeforeEach
    void tenant() {
        tenant = new BaselineTestSupport(tenants, ingest, port);
    }

    @Test
    void weeklyPeakIsNormalAtItsHourOfTheWeekButABurstAtAnotherHourIsFlagged() {
        tenant.ingest(new MessagingTraffic()
                .sesHistory(ACCOUNT, START, 21, WEEKLY_NEWSLETTER)
                .events());
        assertThat(tenant.alerts(RULE)).isEmpty();

        tenant.ingest(new MessagingTraffic()
                .sesHour(ACCOUNT, FOURTH_MONDAY_NINE, NEWSLETTER + 10, 0, 0)
                .events());
        assertThat(tenant.alerts(RULE)).isEmpty();

        tenant.ingest(new MessagingTraffic()
                .sesHour(ACCOUNT, FOURTH_TUESDAY_NINE, NEWSLETTER, 0, 0)
                .events());

        List<JsonNode> alerts = tenant.alerts(RULE);
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("technique").asString()).isEqualTo("T1496.004");
        assertThat(alert.get("severity").asString()).isEqualTo("low");
        assertThat(alert.get("summary").asString())
                .contains("200 messages on " + SES_CHANNEL + " from " + ACCOUNT)
                .contains("in the hour from " + FOURTH_TUESDAY_NINE)
                .contains("where 6 is normal (median of this hour of the week over 3 weeks; alerting from 50)")
                .doesNotContain("bounce");
        JsonNode fields = alert.get("evidence").get("fields");
        assertThat(fields.get("channel").asString()).isEqualTo(SES_CHANNEL);
        assertThat(fields.get("messages").asLong()).isEqualTo(200);
        assertThat(fields.get("normalMessages").asString()).isEqualTo("6");
        assertThat(fields.get("baseline").asString()).isEqualTo("median of this hour of the week over 3 weeks");
    }

    @Test
    void anEarlierBurstAtTheSameHourDoesNotRaiseTheBar() {
        Instant secondTuesdayNine = START.plus(Duration.ofDays(8)).plus(Duration.ofHours(9));
        tenant.ingest(new MessagingTraffic()
                .sesHistory(ACCOUNT, START, 21, WEEKLY_NEWSLETTER)
                .sesHour(ACCOUNT, secondTuesdayNine, 1000, 0, 0)
                .events());
        assertThat(tenant.alerts(RULE)).isEmpty();

        tenant.ingest(new MessagingTraffic()
                .sesHour(ACCOUNT, FOURTH_TUESDAY_NINE, NEWSLETTER, 0, 0)
                .events());

        List<JsonNode> alerts = tenant.alerts(RULE);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("summary").asString())
                .contains("where 6 is normal (median of this hour of the week over 3 weeks; alerting from 50)");
    }

    @Test
    void aChannelWithLessThanTheMinimumHistoryIsNotJudged() {
        tenant.ingest(new MessagingTraffic()
                .sesHistory(ACCOUNT, START, 10, WEEKLY_NEWSLETTER)
                .sesHour(ACCOUNT, START.plus(Duration.ofDays(10)).plus(Duration.ofHours(9)), 2000, 400, 20)
                .events());

        assertThat(tenant.alerts(RULE)).isEmpty();
    }

    @Test
    void bounceAndComplaintRiseMakesABurstHighWhileAPlainBlastStaysLow() {
        Instant fourthWednesdayNine = FOURTH_TUESDAY_NINE.plus(Duration.ofDays(1));
        tenant.ingest(new MessagingTraffic()
                .sesHistory(ACCOUNT, START, 21, WEEKLY_NEWSLETTER)
                .events());

        tenant.ingest(new MessagingTraffic()
                .sesHour(ACCOUNT, FOURTH_TUESDAY_NINE, 300, 0, 0)
                .sesHour(ACCOUNT, fourthWednesdayNine, 300, 60, 3)
                .events());

        List<JsonNode> alerts = tenant.alerts(RULE);
        assertThat(alerts).extracting(alert -> alert.get("severity").asString()).containsExactly("high", "low");
        JsonNode spam = alerts.get(0);
        assertThat(spam.get("summary").asString())
                .contains("in the hour from " + fourthWednesdayNine)
                .contains("bounce or failure rate 20% (normally 0%)")
                .contains("complaint rate 1% (normally 0%)");
        assertThat(spam.get("evidence").get("fields").get("bounceRate").asString())
                .isEqualTo("20% (normally 0%)");
    }

    @Test
    void snsTextMessageBurstWithFailuresIsHigh() {
        tenant.ingest(new MessagingTraffic().snsHistory(ACCOUNT, START, 15, 4).events());
        assertThat(tenant.alerts(RULE)).isEmpty();

        Instant burst = START.plus(Duration.ofDays(15)).plus(Duration.ofHours(3));
        tenant.ingest(new MessagingTraffic().snsHour(ACCOUNT, burst, 250, 100).events());

        List<JsonNode> alerts = tenant.alerts(RULE);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("severity").asString()).isEqualTo("high");
        assertThat(alerts.get(0).get("summary").asString())
                .contains("250 messages on aws:sns.sms:Publish")
                .contains("where 4 is normal (median of this hour of the week over 2 weeks")
                .contains("bounce or failure rate 40% (normally 0%)");
    }
}
