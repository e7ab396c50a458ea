package io.hijackwatch.collector.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.testing.CollectingListener;
import io.hijackwatch.collector.testing.RecordingSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code twilio} source read with the real Twilio SDK from a local fake of the REST API. */
class TwilioCollectorTests {

    private static final Cursor AFTER_09_00 = Cursor.of(1, Map.of("after", "2024-12-16T09:00:00Z"));

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
    void asksForMessagesSentSinceTheDayTheLookbackStartsInPagesOfAThousand() throws Exception {
        try (SourceCollector collector = source.open()) {
            collector.poll(Cursor.initial(), new RecordingSink());
        }

        assertThat(source.twilio.requests())
                .containsExactly("/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT
                        + "/Messages.json?{DateSent>=2024-12-15T00:00:00, PageSize=1000}");
    }

    @Test
    void readsEveryPageAndAdvancesTheCursorOnlyWithTheLast() throws Exception {
        source.twilio
                .messagesPerPage(2)
                .add(
                        sentAt("SM1", "09:01"),
                        sentAt("SM2", "09:02"),
                        sentAt("SM3", "09:03"),
                        sentAt("SM4", "09:04"),
                        sentAt("SM5", "09:05"));
        RecordingSink sink = new RecordingSink().startingAt(AFTER_09_00);

        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(AFTER_09_00, sink);
        }

        assertThat(source.twilio.requests()).hasSize(3);
        assertThat(source.twilio.requests().get(2)).contains("Page=2", "PageToken=PASM2");
        assertThat(sink.committed()).extracting(batch -> batch.events().size()).containsExactly(2, 2, 1);
        assertThat(sink.committed()).extracting(Batch::cursor).startsWith(AFTER_09_00, AFTER_09_00);
        assertThat(after(sink.committed().get(2).cursor())).isEqualTo(TestSource.NOW);
        assertThat(sink.committed().get(2).position()).isEqualTo(TestSource.NOW);
        assertThat(sink.stored()).containsOnlyKeys("SM1", "SM2", "SM3", "SM4", "SM5");
        assertThat(result).isEqualTo(PollResult.caughtUp(5));
    }

    @Test
    void makesTheSameEventAsTheParserOfTheSameMessage() throws Exception {
        FakeTwilio.FakeMessage message = sentAt("SMsame", "09:30");
        source.twilio.add(message);
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, sink);
        }
        CollectingListener parsed = new CollectingListener();
        new TwilioMessagesParser()
                .parse(new ByteArrayInputStream(message.toJson().getBytes(StandardCharsets.UTF_8)), parsed);

        assertThat(sink.allEvents()).containsExactly(parsed.event(0));
        assertThat(parsed.event(0).attributes()).containsEntry("price", 0.0079).containsEntry("toType", "mobile");
    }

    @Test
    void emitsAMessageAgainWhenItsPriceArrivesWithinTheOverlap() throws Exception {
        source.twilio.add(
                new FakeTwilio.FakeMessage("SMlate", at("09:50"), at("09:50"), "sending", "0", null),
                sentAt("SMquiet", "09:40"));
        RecordingSink sink = new RecordingSink();
        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, sink);
            source.twilio.add(
                    new FakeTwilio.FakeMessage("SMlate", at("09:50"), at("09:50"), "delivered", "2", "-0.0158"));
            source.clock.advance(Duration.ofMinutes(30));

            collector.poll(sink.cursor(), sink);
        }

        assertThat(source.twilio.requests().get(1)).contains("DateSent>=2024-12-16T00:00:00");
        assertThat(sink.allEvents())
                .extracting(NormalizedEvent::eventId)
                .containsExactly("SMlate", "SMquiet", "SMlate");
        assertThat(sink.allEvents().get(0).attributes())
                .containsEntry("segments", 0L)
                .doesNotContainKey("price");
        assertThat(sink.allEvents().get(2).attributes())
                .containsEntry("segments", 2L)
                .containsEntry("price", 0.0158)
                .containsEntry("status", "delivered");
        assertThat(after(sink.cursor())).isEqualTo(Instant.parse("2024-12-16T10:30:00Z"));
    }

    @Test
    void resumesFromAStoredCursorLessTheOverlapByDay() throws Exception {
        try (SourceCollector collector = source.with("overlap", "PT10H").open()) {
            collector.poll(Cursor.fromJson("{\"v\":1,\"after\":\"2024-12-16T09:00:00Z\"}"), new RecordingSink());
        }

        assertThat(source.twilio.requests().get(0)).contains("DateSent>=2024-12-15T00:00:00");
    }

    @Test
    void readsACursorWithoutAReadableTimeAsANewSource() throws Exception {
        try (SourceCollector collector = source.open()) {
            collector.poll(Cursor.fromJson("{\"v\":1,\"pageToken\":\"PA1\"}"), new RecordingSink());
        }

        assertThat(source.twilio.requests().get(0)).contains("DateSent>=2024-12-15T00:00:00");
    }

    @Test
    void stopsFollowingPagesOnceTheyReachMessagesSentBeforeTheWindow() throws Exception {
        source.twilio
                .messagesPerPage(2)
                .add(sentAt("SM1", "09:40"), sentAt("SM2", "06:50"), sentAt("SM3", "06:40"), sentAt("SM4", "06:30"));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, sink);
        }

        assertThat(source.twilio.requests()).hasSize(1);
        assertThat(sink.committed())
                .singleElement()
                .satisfies(batch -> assertThat(after(batch.cursor())).isEqualTo(TestSource.NOW));
        assertThat(sink.stored()).containsOnlyKeys("SM1");
    }

    @Test
    void commitsAnEmptyPollSoTheCursorMovesOn() throws Exception {
        RecordingSink sink = new RecordingSink();

        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(AFTER_09_00, sink);
        }

        assertThat(result).isEqualTo(PollResult.caughtUp(0));
        assertThat(sink.committed())
                .singleElement()
                .satisfies(batch -> assertThat(batch.events()).isEmpty());
    }

    @Test
    void readsTheMessagesAgainAfterAFailedCommit() throws Exception {
        source.twilio.messagesPerPage(1).add(sentAt("SM1", "09:01"), sentAt("SM2", "09:02"), sentAt("SM3", "09:03"));
        RecordingSink sink = new RecordingSink().startingAt(AFTER_09_00).failingCommit(2);

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(AFTER_09_00, sink)).isInstanceOf(IllegalStateException.class);
            assertThat(sink.cursor()).isEqualTo(AFTER_09_00);

            collector.poll(sink.cursor(), sink);
        }

        assertThat(sink.stored()).containsOnlyKeys("SM1", "SM2", "SM3");
        assertThat(after(sink.cursor())).isEqualTo(TestSource.NOW);
    }

    @Test
    void leadsANewSourceBackToItsWindowWhenAPollStopsPartWay() throws Exception {
        source.twilio.messagesPerPage(1).add(sentAt("SM1", "09:01"), sentAt("SM2", "09:02"));
        RecordingSink sink = new RecordingSink().stoppingAfter(1);

        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(Cursor.initial(), sink);
        }

        assertThat(result).isEqualTo(new PollResult(1, false));
        assertThat(sink.cursor()).isEqualTo(Cursor.of(2, Map.of("after", "2024-12-15T12:00:00Z")));
    }

    @Test
    void retriesThrottlingAndThenReads() throws Exception {
        source.twilio.throttleNext(2).add(sentAt("SM1", "09:01"));
        source.twilio.failNext(429, "", Map.of());
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, sink);
        }

        assertThat(source.twilio.requests()).hasSize(4);
        assertThat(sink.stored()).containsOnlyKeys("SM1");
    }

    @Test
    void handsPersistentThrottlingToTheServiceWithTheWaitTwilioAsked() throws Exception {
        source.twilio.throttleNext(3);
        source.twilio.failNext(
                429,
                "{\"code\": 20429, \"message\": \"Too Many Requests\", \"status\": 429}",
                Map.of("Retry-After", "7"));

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(CollectorException.class, e -> {
                        assertThat(e.permanent()).isFalse();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                        assertThat(e.getMessage()).contains("throttling", FakeTwilio.ACCOUNT, "4 attempts");
                    });
        }
        assertThat(source.twilio.requests()).hasSize(4);
    }

    @Test
    void failsPermanentlyWhenTwilioRefusesTheCredentialsAndNeverNamesThem() throws Exception {
        source.withSecret("env:TWILIO_TOKEN", "ffffffffffffffffffffffffffffffff");

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(CollectorException.class, e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage())
                                .contains("refused the credentials", "HTTP 401", "20003")
                                .doesNotContain("ffffffffffffffffffffffffffffffff");
                    });
        }
        assertThat(source.twilio.requests()).hasSize(1);
    }

    @Test
    void failsPermanentlyOnForbiddenAndNotFound() throws Exception {
        source.twilio.failNext(403, "{\"code\": 20403, \"message\": \"Forbidden\", \"status\": 403}", Map.of());
        source.twilio.failNext(404, "{\"code\": 20404, \"message\": \"Not Found\", \"status\": 404}", Map.of());

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(
                            CollectorException.class,
                            e -> assertThat(e.permanent()).isTrue());
            assertThatThrownBy(() -> collector.poll(AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(CollectorException.class, e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage()).contains("does not know account", "HTTP 404");
                    });
        }
    }

    @Test
    void failsTransientlyWhenTwilioKeepsFailing() throws Exception {
        for (int i = 0; i < 3; i++) {
            source.twilio.failNext(
                    503, "{\"code\": 20500, \"message\": \"Service Unavailable\", \"status\": 503}", Map.of());
        }

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(CollectorException.class, e -> {
                        assertThat(e.permanent()).isFalse();
                        assertThat(e.getMessage()).contains("HTTP 503");
                    });
        }
    }

    @Test
    void signsInWithTheApiKeyWhenOneIsSet() throws Exception {
        String keySid = "SK0123456789abcdef0123456789abcdef";
        source.twilio.acceptingOnly(keySid, "key-secret-value");
        source.without("authToken")
                .with("apiKeySid", keySid)
                .with("apiKeySecret", "file:/run/secrets/twilio-key")
                .withSecret("file:/run/secrets/twilio-key", "key-secret-value");

        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, new RecordingSink());
        }

        assertThat(source.twilio.users()).containsExactly(keySid);
        assertThat(source.twilio.requests().get(0)).contains("/Accounts/" + FakeTwilio.ACCOUNT + "/Messages.json");
    }

    @Test
    void readsTheDailySmsUsageOfTheWindowsDaysFirst() throws Exception {
        source.with("usageRecords", "true");
        source.twilio.addUsage("sms-outbound", LocalDate.parse("2024-12-16"), "1207", "1493", "-11.79444");
        source.twilio.addUsage("sms", LocalDate.parse("2024-12-15"), "12", "12", "-0.0948");
        source.twilio.add(sentAt("SM1", "09:01"));
        RecordingSink sink = new RecordingSink().startingAt(AFTER_09_00);

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
    void saysWhatItReachedWhenTestingTheConnection() throws Exception {
        source.with("usageRecords", "true").twilio.add(sentAt("SM1", "09:01"));

        String reached;
        try (SourceCollector collector = source.open()) {
            reached = collector.testConnection();
        }

        assertThat(reached)
                .isEqualTo("Reached Twilio account " + FakeTwilio.ACCOUNT + " and read its messages and SMS usage"
                        + " records; its newest message is SM1.");
        assertThat(source.twilio.requests().get(0)).contains("PageSize=1");
    }

    @Test
    void failsTheConnectionTestWithTheReason() throws Exception {
        source.withSecret("env:TWILIO_TOKEN", "wrong");

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(collector::testConnection)
                    .isInstanceOfSatisfying(
                            CollectorException.class,
                            e -> assertThat(e.permanent()).isTrue())
                    .hasMessageContaining("refused the credentials");
        }
    }

    @Test
    void failsPermanentlyWhenTheSecretCannotBeResolved() throws Exception {
        source.with("authToken", "env:MISSING");

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(
                            CollectorException.class,
                            e -> assertThat(e.permanent()).isTrue());
        }
        assertThat(source.twilio.requests()).isEmpty();
    }

    @Test
    void readsAMessageListedLateWhenItWasSentInsideTheOverlap() throws Exception {
        source.twilio.add(sentAt("SM1", "09:50"));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, sink);
            source.twilio.add(sentAt("SMlate", "09:40"));
            source.clock.advance(Duration.ofMinutes(15));
            collector.poll(sink.cursor(), sink);
        }

        assertThat(sink.allEvents()).extracting(NormalizedEvent::eventId).containsExactly("SM1", "SMlate");
        assertThat(sink.committed().get(1).events())
                .singleElement()
                .satisfies(event -> assertThat(event.attributes()).containsEntry("dateSent", "2024-12-16T09:40:01Z"));
    }

    @Test
    void emitsNothingForMessagesReadAgainUnchanged() throws Exception {
        source.twilio.add(sentAt("SM1", "09:10"), sentAt("SM2", "09:20"));
        RecordingSink sink = new RecordingSink();

        PollResult second;
        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, sink);
            source.clock.advance(Duration.ofMinutes(10));
            second = collector.poll(sink.cursor(), sink);
        }

        assertThat(source.twilio.requestsFor("Messages")).hasSize(2);
        assertThat(sink.allEvents()).extracting(NormalizedEvent::eventId).containsExactly("SM2", "SM1");
        assertThat(second).isEqualTo(PollResult.caughtUp(0));
        assertThat(sink.committed().get(1).events()).isEmpty();
        assertThat(MessageCursor.from(sink.cursor()).orElseThrow().seen()).hasSize(2);
    }

    @Test
    void forgetsReadingsOnceTheyLeaveTheOverlap() throws Exception {
        source.twilio.add(sentAt("SMold", "07:30"), sentAt("SMnew", "09:30"));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.with("overlap", "PT1H").open()) {
            collector.poll(Cursor.of(1, Map.of("after", "2024-12-16T08:00:00Z")), sink);
        }

        assertThat(sink.allEvents()).extracting(NormalizedEvent::eventId).containsExactly("SMnew", "SMold");
        MessageCursor saved = MessageCursor.from(sink.cursor()).orElseThrow();
        assertThat(saved.seen()).containsExactly(Readings.of(sink.stored().get("SMnew")));
        assertThat(sink.cursor().toJson()).hasSizeLessThan(80);
    }

    @Test
    void resumesAfterARestartFromTheSavedCursorWithoutEmittingAnythingTwice() throws Exception {
        source.twilio.messagesPerPage(2).add(sentAt("SM1", "09:10"), sentAt("SM2", "09:20"), sentAt("SM3", "09:30"));
        RecordingSink sink = new RecordingSink();
        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, sink);
        }
        String saved = sink.cursor().toJson();

        source.twilio.add(sentAt("SM4", "09:55"));
        source.clock.advance(Duration.ofMinutes(20));
        PollResult resumed;
        try (SourceCollector restarted = source.open()) {
            resumed = restarted.poll(Cursor.fromJson(saved), sink);
        }

        assertThat(sink.allEvents())
                .extracting(NormalizedEvent::eventId)
                .doesNotHaveDuplicates()
                .containsExactly("SM3", "SM2", "SM1", "SM4");
        assertThat(resumed).isEqualTo(PollResult.caughtUp(1));
        assertThat(source.twilio.requestsFor("Messages").get(2)).contains("DateSent>=2024-12-16T00:00:00");
        assertThat(after(sink.cursor())).isEqualTo(Instant.parse("2024-12-16T10:20:00Z"));
    }

    @Test
    void rejectsMalformedMessagesWithTheirReasonsAndKeepsTheRestOfThePage() throws Exception {
        String segments =
                sentAt("SMbadcount", "09:20").toJson().replace("\"num_segments\": \"1\"", "\"num_segments\": \"many\"");
        String withoutSid = sentAt("SMnosid", "09:25").toJson().replace("\"sid\": \"SMnosid\"", "\"sid\": null");
        source.twilio.add(
                sentAt("SM1", "09:10"),
                new FakeTwilio.RawMessage("SMbadcount", at("09:20"), at("09:20"), segments),
                new FakeTwilio.RawMessage("SMnosid", at("09:25"), at("09:25"), withoutSid),
                sentAt("SM3", "09:30"));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, sink);
            source.clock.advance(Duration.ofMinutes(5));
            collector.poll(sink.cursor(), sink);
        }

        assertThat(sink.stored()).containsOnlyKeys("SM1", "SM3");
        Batch first = sink.committed().get(0);
        assertThat(first.rejections())
                .extracting(Rejection::index, Rejection::reason)
                .containsExactly(
                        tuple(1L, "a message without a SID: sid is missing"),
                        tuple(2L, "message SMbadcount: num_segments is not a whole number of at most 9 digits"));
        assertThat(sink.committed().get(1).rejections()).isEmpty();
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
            collector.poll(AFTER_09_00, sink);
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

    @Test
    void backsOffLongerAfterEachThrottledAttempt() throws Exception {
        source.twilio.throttleNext(3).add(sentAt("SM1", "09:01"));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_09_00, sink);
        }

        List<Long> gaps = source.twilio.gapsMillis();
        // The waits are at least 10, 20 and 40 ms; gaps between arrivals at the fake get a fifth of slack for a
        // request held up on its way.
        assertThat(gaps).hasSize(3);
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(8);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(16);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(32);
        assertThat(sink.stored()).containsOnlyKeys("SM1");
    }

    @Test
    void neverWritesTheAuthTokenToExceptionsOrLogs() throws Exception {
        String encoded = Base64.getEncoder()
                .encodeToString((FakeTwilio.ACCOUNT + ":" + FakeTwilio.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
        source.twilio.add(sentAt("SM1", "09:01")).throttleNext(5);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream console = System.err;
        List<Throwable> thrown = new ArrayList<>();

        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try (SourceCollector collector = source.open()) {
            thrown.add(catchThrowable(() -> collector.poll(AFTER_09_00, new RecordingSink())));
            collector.poll(AFTER_09_00, new RecordingSink());
            collector.testConnection();
            source.twilio.acceptingOnly(FakeTwilio.ACCOUNT, "another-token");
            thrown.add(catchThrowable(() -> collector.poll(AFTER_09_00, new RecordingSink())));
            thrown.add(catchThrowable(collector::testConnection));
        } finally {
            System.setErr(console);
        }

        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("Twilio throttled list messages", "Read 1 messages");
        assertThat(thrown).doesNotContainNull().allSatisfy(e -> assertThat(e).isInstanceOf(CollectorException.class));
        assertThat(thrown.get(1)).hasMessageContaining("refused the credentials");
        for (String secret : List.of(FakeTwilio.AUTH_TOKEN, encoded)) {
            assertThat(logged).doesNotContain(secret);
            thrown.forEach(e -> assertThat(stackTrace(e)).doesNotContain(secret));
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private static String usageRequest(String category) {
        return "/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT + "/Usage/Records/Daily.json?{Category=" + category
                + ", EndDate=2024-12-16, StartDate=2024-12-15}";
    }

    private static Instant after(Cursor cursor) {
        return MessageCursor.from(cursor).orElseThrow().after();
    }

    private static FakeTwilio.FakeMessage sentAt(String sid, String time) {
        return new FakeTwilio.FakeMessage(sid, at(time), at(time).plusSeconds(1), "delivered", "1", "-0.0079");
    }

    private static Instant at(String time) {
        return Instant.parse("2024-12-16T" + time + ":00Z");
    }
}
