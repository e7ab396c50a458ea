package io.hijackwatch.collector.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.testing.RecordingSink;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code twilio} source reading the daily SMS usage records of its window. */
class TwilioUsageTests {

    private TestSource source;

    @BeforeEach
    void startFake() throws Exception {
        source = new TestSource();
    }

    @AfterEach
    void stopFake() {
        source.close();
    }

    @Test
    void readsTheDailySmsUsageOfTheWindowsDaysFirst() throws Exception {
        source.with("usageRecords", "true");
        source.twilio.addUsage("sms-outbound", LocalDate.parse("2024-12-16"), "1207", "1493", "-11.79444");
        source.twilio.addUsage("sms", LocalDate.parse("2024-12-15"), "12", "12", "-0.0948");
        source.twilio.add(TestSource.sentAt("SM1", "09:01"));
        RecordingSink sink = new RecordingSink().startingAt(TestSource.AFTER_09_00);

        try (SourceCollector collector = source.open()) {
            collector.poll(Cursor.of(1, Map.of("after", "2024-12-16T01:00:00Z")), sink);
        }

        assertThat(source.twilio.requestsFor("Usage"))
                .containsExactly(
                        usageRequest("sms"),
                        usageRequest("sms-outbound"),
                        usageRequest("sms-outbound-longcode"),
                        usageRequest("sms-outbound-shortcode"),
                        usageRequest("sms-messages-carrierfees"));
        Batch usage = sink.committed().get(0);
        assertThat(usage.cursor()).isEqualTo(Cursor.of(1, Map.of("after", "2024-12-16T01:00:00Z")));
        assertThat(usage.events())
                .extracting(NormalizedEvent::eventId)
                .containsExactly(
                        "usage:" + FakeTwilio.ACCOUNT + ":sms:2024-12-15",
                        "usage:" + FakeTwilio.ACCOUNT + ":sms-outbound:2024-12-16");
        NormalizedEvent outbound = usage.events().get(1);
        assertThat(outbound.provider()).isEqualTo(Provider.TWILIO);
        assertThat(outbound.account()).isEqualTo(FakeTwilio.ACCOUNT);
        assertThat(outbound.service()).isEqualTo("twilio.usage");
        assertThat(outbound.action()).isEqualTo("usage-record");
        assertThat(outbound.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(outbound.time()).isEqualTo(Instant.parse("2024-12-16T00:00:00Z"));
        assertThat(outbound.attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "category", "sms-outbound",
                        "count", 1207L,
                        "usage", 1493.0,
                        "usageUnit", "messages",
                        "price", 11.79444,
                        "priceUnit", "USD",
                        "startDate", "2024-12-16",
                        "endDate", "2024-12-16"));
        assertThat(sink.committed().get(1).events())
                .extracting(NormalizedEvent::eventId)
                .containsExactly("SM1");
    }

    @Test
    void turnsEverySmsUsageCategoryIntoAnEvent() throws Exception {
        LocalDate today = LocalDate.parse("2024-12-16");
        source.with("usageRecords", "true");
        source.twilio
                .addUsage("sms", today, "1500", "1620", "-12.15")
                .addUsage("sms-outbound", today, "1480", "1600", "-12.00")
                .addUsage("sms-outbound-longcode", today, "30", "31", "-0.2449")
                .addUsage("sms-outbound-shortcode", today, "1450", "1569", "-11.7551")
                .addUsage("sms-messages-carrierfees", today, "1480", "1480", "-4.44");
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
        }

        assertThat(sink.committed().get(0).events())
                .allSatisfy(event -> {
                    assertThat(event.service()).isEqualTo("twilio.usage");
                    assertThat(event.time()).isEqualTo(Instant.parse("2024-12-16T00:00:00Z"));
                })
                .extracting(
                        event -> event.attributes().get("category"),
                        event -> event.attributes().get("price"))
                .containsExactly(
                        tuple("sms", 12.15),
                        tuple("sms-outbound", 12.0),
                        tuple("sms-outbound-longcode", 0.2449),
                        tuple("sms-outbound-shortcode", 11.7551),
                        tuple("sms-messages-carrierfees", 4.44));
    }

    private static String usageRequest(String category) {
        return "/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT + "/Usage/Records/Daily.json?{Category=" + category
                + ", EndDate=2024-12-16, StartDate=2024-12-15}";
    }
}
