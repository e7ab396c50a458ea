package io.hijackwatch.collector.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.testing.CollectingListener;
import io.hijackwatch.collector.testing.RecordingSink;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code twilio} source reading messages with the real Twilio SDK from a local fake of the REST API: pages,
 * the cursor and the overlap, and messages read again. */
class TwilioCollectorTests {

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
                        TestSource.sentAt("SM1", "09:01"),
                        TestSource.sentAt("SM2", "09:02"),
                        TestSource.sentAt("SM3", "09:03"),
                        TestSource.sentAt("SM4", "09:04"),
                        TestSource.sentAt("SM5", "09:05"));
        RecordingSink sink = new RecordingSink().startingAt(TestSource.AFTER_09_00);

        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(TestSource.AFTER_09_00, sink);
        }

        assertThat(source.twilio.requests()).hasSize(3);
        assertThat(source.twilio.requests().get(2)).contains("Page=2", "PageToken=PASM2");
        assertThat(sink.committed()).extracting(batch -> batch.events().size()).containsExactly(2, 2, 1);
        assertThat(sink.committed())
                .extracting(Batch::cursor)
                .startsWith(TestSource.AFTER_09_00, TestSource.AFTER_09_00);
        assertThat(TestSource.after(sink.committed().get(2).cursor())).isEqualTo(TestSource.NOW);
        assertThat(sink.committed().get(2).position()).isEqualTo(TestSource.NOW);
        assertThat(sink.stored()).containsOnlyKeys("SM1", "SM2", "SM3", "SM4", "SM5");
        assertThat(result).isEqualTo(PollResult.caughtUp(5));
    }

    @Test
    void makesTheSameEventAsTheParserOfTheSameMessage() throws Exception {
        FakeTwilio.FakeMessage message = TestSource.sentAt("SMsame", "09:30");
        source.twilio.add(message);
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
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
                new FakeTwilio.FakeMessage(
                        "SMlate", TestSource.at("09:50"), TestSource.at("09:50"), "sending", "0", null),
                TestSource.sentAt("SMquiet", "09:40"));
        RecordingSink sink = new RecordingSink();
        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
            source.twilio.add(new FakeTwilio.FakeMessage(
                    "SMlate", TestSource.at("09:50"), TestSource.at("09:50"), "delivered", "2", "-0.0158"));
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
        assertThat(TestSource.after(sink.cursor())).isEqualTo(Instant.parse("2024-12-16T10:30:00Z"));
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
                .add(
                        TestSource.sentAt("SM1", "09:40"),
                        TestSource.sentAt("SM2", "06:50"),
                        TestSource.sentAt("SM3", "06:40"),
                        TestSource.sentAt("SM4", "06:30"));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
        }

        assertThat(source.twilio.requests()).hasSize(1);
        assertThat(sink.committed())
                .singleElement()
                .satisfies(batch -> assertThat(TestSource.after(batch.cursor())).isEqualTo(TestSource.NOW));
        assertThat(sink.stored()).containsOnlyKeys("SM1");
    }

    @Test
    void commitsAnEmptyPollSoTheCursorMovesOn() throws Exception {
        RecordingSink sink = new RecordingSink();

        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(TestSource.AFTER_09_00, sink);
        }

        assertThat(result).isEqualTo(PollResult.caughtUp(0));
        assertThat(sink.committed())
                .singleElement()
                .satisfies(batch -> assertThat(batch.events()).isEmpty());
    }

    @Test
    void readsTheMessagesAgainAfterAFailedCommit() throws Exception {
        source.twilio
                .messagesPerPage(1)
                .add(
                        TestSource.sentAt("SM1", "09:01"),
                        TestSource.sentAt("SM2", "09:02"),
                        TestSource.sentAt("SM3", "09:03"));
        RecordingSink sink =
                new RecordingSink().startingAt(TestSource.AFTER_09_00).failingCommit(2);

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(TestSource.AFTER_09_00, sink))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(sink.cursor()).isEqualTo(TestSource.AFTER_09_00);

            collector.poll(sink.cursor(), sink);
        }

        assertThat(sink.stored()).containsOnlyKeys("SM1", "SM2", "SM3");
        assertThat(TestSource.after(sink.cursor())).isEqualTo(TestSource.NOW);
    }

    @Test
    void leadsANewSourceBackToItsWindowWhenAPollStopsPartWay() throws Exception {
        source.twilio.messagesPerPage(1).add(TestSource.sentAt("SM1", "09:01"), TestSource.sentAt("SM2", "09:02"));
        RecordingSink sink = new RecordingSink().stoppingAfter(1);

        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(Cursor.initial(), sink);
        }

        assertThat(result).isEqualTo(new PollResult(1, false));
        assertThat(sink.cursor()).isEqualTo(Cursor.of(2, Map.of("after", "2024-12-15T12:00:00Z")));
    }

    @Test
    void readsAMessageListedLateWhenItWasSentInsideTheOverlap() throws Exception {
        source.twilio.add(TestSource.sentAt("SM1", "09:50"));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
            source.twilio.add(TestSource.sentAt("SMlate", "09:40"));
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
        source.twilio.add(TestSource.sentAt("SM1", "09:10"), TestSource.sentAt("SM2", "09:20"));
        RecordingSink sink = new RecordingSink();

        PollResult second;
        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
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
        source.twilio.add(TestSource.sentAt("SMold", "07:30"), TestSource.sentAt("SMnew", "09:30"));
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
        source.twilio
                .messagesPerPage(2)
                .add(
                        TestSource.sentAt("SM1", "09:10"),
                        TestSource.sentAt("SM2", "09:20"),
                        TestSource.sentAt("SM3", "09:30"));
        RecordingSink sink = new RecordingSink();
        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
        }
        String saved = sink.cursor().toJson();

        source.twilio.add(TestSource.sentAt("SM4", "09:55"));
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
        assertThat(TestSource.after(sink.cursor())).isEqualTo(Instant.parse("2024-12-16T10:20:00Z"));
    }

    @Test
    void rejectsMalformedMessagesWithTheirReasonsAndKeepsTheRestOfThePage() throws Exception {
        String segments = TestSource.sentAt("SMbadcount", "09:20")
                .toJson()
                .replace("\"num_segments\": \"1\"", "\"num_segments\": \"many\"");
        String withoutSid =
                TestSource.sentAt("SMnosid", "09:25").toJson().replace("\"sid\": \"SMnosid\"", "\"sid\": null");
        source.twilio.add(
                TestSource.sentAt("SM1", "09:10"),
                new FakeTwilio.RawMessage("SMbadcount", TestSource.at("09:20"), TestSource.at("09:20"), segments),
                new FakeTwilio.RawMessage("SMnosid", TestSource.at("09:25"), TestSource.at("09:25"), withoutSid),
                TestSource.sentAt("SM3", "09:30"));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
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
}
