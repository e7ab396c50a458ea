package io.hijackwatch.collector.gcp.pull;

import static io.hijackwatch.collector.gcp.pull.AuditEntries.ACTIVITY_LOG;
import static io.hijackwatch.collector.gcp.pull.AuditEntries.DATA_ACCESS_LOG;
import static io.hijackwatch.collector.gcp.pull.AuditEntries.SYSTEM_EVENT_LOG;
import static io.hijackwatch.collector.gcp.pull.AuditEntries.gpuInsertAt;
import static io.hijackwatch.collector.gcp.pull.AuditEntries.gpuInsertsAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.logging.v2.ListLogEntriesRequest;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.testing.RecordingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpAuditLogPollTests {

    private static final Cursor AFTER_10_20 = Cursor.of(1, Map.of("after", "2026-12-03T10:20:00Z"));

    private TestSource source;

    @BeforeEach
    void startFake() throws Exception {
        source = new TestSource();
    }

    @AfterEach
    void stopFake() throws Exception {
        source.close();
    }

    @Test
    void asksForTheChosenAuditLogsOfTheLookbackOldestFirst() throws Exception {
        try (SourceCollector collector = source.open()) {
            collector.poll(Cursor.initial(), new RecordingSink());
        }

        ListLogEntriesRequest request = source.logging.requests().get(0);
        assertThat(request.getResourceNamesList()).containsExactly("projects/example-ml-prod");
        assertThat(request.getFilter())
                .isEqualTo("(logName=\"" + ACTIVITY_LOG + "\" OR logName=\"" + SYSTEM_EVENT_LOG + "\")"
                        + " AND timestamp >= \"2026-12-03T09:30:00Z\" AND timestamp < \"2026-12-03T10:29:30Z\"");
        assertThat(request.getOrderBy()).isEqualTo("timestamp asc");
        assertThat(request.getPageSize()).isEqualTo(1000);
    }

    @Test
    void asksForDataAccessOnlyWhenChosen() throws Exception {
        try (SourceCollector collector =
                source.with("logs", "data_access, activity").open()) {
            collector.poll(Cursor.initial(), new RecordingSink());
        }

        assertThat(source.logging.requests().get(0).getFilter())
                .startsWith("(logName=\"" + ACTIVITY_LOG + "\" OR logName=\"" + DATA_ACCESS_LOG + "\") AND")
                .doesNotContain("system_event");
    }

    @Test
    void readsEveryPageAndAdvancesTheCursorOnlyWithTheLast() throws Exception {
        source.logging.add(gpuInsertsAt(at("10:11"), at("10:12"), at("10:13"), at("10:14"), at("10:15")));
        source.logging.entriesPerPage(2);
        RecordingSink sink = new RecordingSink().startingAt(AFTER_10_20);

        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(AFTER_10_20, sink);
        }

        assertThat(source.logging.requests())
                .extracting(ListLogEntriesRequest::getPageToken)
                .containsExactly("", "page-2", "page-4");
        assertThat(sink.committed()).extracting(batch -> batch.events().size()).containsExactly(2, 2, 1);
        assertThat(sink.committed()).extracting(Batch::cursor).containsExactly(AFTER_10_20, AFTER_10_20, afterWindow());
        assertThat(sink.committed().get(2).position()).isEqualTo(at("10:29:30"));
        assertThat(sink.cursor().instant("lastEntry")).contains(at("10:15"));
        assertThat(result).isEqualTo(PollResult.caughtUp(5));
    }

    @Test
    void spacesRequestsByThePacingInterval() throws Exception {
        source.logging.add(gpuInsertsAt(at("10:11"), at("10:12"), at("10:13"), at("10:14"), at("10:15")));
        source.logging.entriesPerPage(2);
        Pacing fast = TestSource.FAST;
        Pacing slower = new Pacing(
                Duration.ofMillis(300),
                fast.firstBackoff(),
                fast.attempts(),
                fast.throttledRetryAfter(),
                fast.settleDelay(),
                fast.maxWindow());

        try (SourceCollector collector = source.pacedBy(slower).open()) {
            collector.poll(AFTER_10_20, new RecordingSink());
        }

        // Arrivals are seen by the fake, after the network and a busy scheduler: a request held up on its way shortens
        // the gap after it. Without pacing the requests come a few milliseconds apart; a third of the interval is
        // the slack a loaded two-core machine needs.
        List<Long> arrivals = source.logging.arrivals();
        assertThat(arrivals).hasSize(3);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - 1)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void readsAnEntryWrittenLateIntoTheWindowAlreadyRead() throws Exception {
        source.logging.add(gpuInsertAt(at("10:22"), "on-time"));
        RecordingSink sink = new RecordingSink();
        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_10_20, sink);
            source.logging.add(gpuInsertAt(at("10:25"), "late"));
            source.clock.advance(Duration.ofMinutes(5));

            collector.poll(sink.cursor(), sink);
        }

        assertThat(source.logging.requests().get(1).getFilter())
                .contains("timestamp >= \"2026-12-03T10:19:30Z\" AND timestamp < \"2026-12-03T10:34:30Z\"");
        assertThat(sink.committed().get(0).events())
                .extracting(NormalizedEvent::eventId)
                .containsExactly("on-time");
        assertThat(sink.committed().get(1).events())
                .extracting(NormalizedEvent::eventId)
                .containsExactly("on-time", "late");
        assertThat(sink.stored()).containsOnlyKeys("on-time", "late");
    }

    @Test
    void resumesFromAStoredCursorLessTheOverlap() throws Exception {
        try (SourceCollector collector = source.with("overlap", "PT5M").open()) {
            collector.poll(Cursor.fromJson("{\"v\":1,\"after\":\"2026-12-03T10:20:00Z\"}"), new RecordingSink());
        }

        assertThat(source.logging.requests().get(0).getFilter()).contains("timestamp >= \"2026-12-03T10:15:00Z\"");
    }

    @Test
    void readsCursorsWrittenWithoutVersionOrWithANewerOne() throws Exception {
        try (SourceCollector collector = source.open()) {
            collector.poll(Cursor.fromJson("{\"after\":\"2026-12-03T10:20:00Z\"}"), new RecordingSink());
            collector.poll(
                    Cursor.fromJson("{\"v\":2,\"after\":\"2026-12-03T10:21:00Z\",\"insertId\":\"abc\"}"),
                    new RecordingSink());
            collector.poll(Cursor.fromJson("{\"v\":1,\"pageToken\":\"expired\"}"), new RecordingSink());
        }

        assertThat(source.logging.requests())
                .extracting(ListLogEntriesRequest::getFilter)
                .satisfiesExactly(
                        filter -> assertThat(filter).contains(">= \"2026-12-03T10:10:00Z\""),
                        filter -> assertThat(filter).contains(">= \"2026-12-03T10:11:00Z\""),
                        filter -> assertThat(filter).contains(">= \"2026-12-03T09:30:00Z\""));
    }

    @Test
    void readsALongGapOneWindowAPollAndSaysMoreIsWaiting() throws Exception {
        source.logging.add(gpuInsertsAt(at("06:30"), at("07:30"), at("10:00")));
        Cursor cursor = Cursor.of(1, Map.of("after", "2026-12-03T06:10:00Z"));
        RecordingSink sink = new RecordingSink().startingAt(cursor);

        PollResult first;
        PollResult second;
        try (SourceCollector collector = source.open()) {
            first = collector.poll(cursor, sink);
            second = collector.poll(sink.cursor(), sink);
        }

        assertThat(first).isEqualTo(new PollResult(1, true));
        assertThat(second).isEqualTo(new PollResult(1, true));
        assertThat(sink.committed())
                .extracting(batch -> batch.cursor().instant("after").orElseThrow())
                .containsExactly(at("07:00"), at("07:50"));
    }

    @Test
    void commitsAnEmptyWindowSoTheCursorMovesOn() throws Exception {
        RecordingSink sink = new RecordingSink();

        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(AFTER_10_20, sink);
        }

        assertThat(result).isEqualTo(PollResult.caughtUp(0));
        assertThat(sink.committed()).singleElement().satisfies(batch -> {
            assertThat(batch.events()).isEmpty();
            assertThat(batch.cursor()).isEqualTo(Cursor.of(1, Map.of("after", "2026-12-03T10:29:30Z")));
        });
    }

    @Test
    void doesNotAskWhenTheCursorIsAlreadyAtTheSettledEnd() throws Exception {
        RecordingSink sink = new RecordingSink();

        PollResult result;
        try (SourceCollector collector = source.with("overlap", "PT0S").open()) {
            result = collector.poll(afterWindow(), sink);
        }

        assertThat(result).isEqualTo(PollResult.caughtUp(0));
        assertThat(source.logging.requests()).isEmpty();
        assertThat(sink.committed()).isEmpty();
    }

    @Test
    void stopsAfterThePageWhenTheServiceAsks() throws Exception {
        source.logging.add(gpuInsertsAt(at("10:11"), at("10:12"), at("10:13"), at("10:14"), at("10:15")));
        source.logging.entriesPerPage(2);
        RecordingSink sink = new RecordingSink().startingAt(AFTER_10_20).stoppingAfter(1);

        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(AFTER_10_20, sink);
        }

        assertThat(result).isEqualTo(PollResult.caughtUp(2));
        assertThat(source.logging.requests()).hasSize(1);
        assertThat(sink.cursor()).isEqualTo(AFTER_10_20);
    }

    @Test
    void aNewSourceCommitsPagesWithACursorThatLeadsBackToItsStart() throws Exception {
        source.logging.add(gpuInsertsAt(at("09:40"), at("09:50"), at("10:00")));
        source.logging.entriesPerPage(2);
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(Cursor.initial(), sink);
        }

        Cursor backToStart = Cursor.of(1, Map.of("after", "2026-12-03T09:40:00Z"));
        assertThat(sink.committed()).extracting(Batch::cursor).containsExactly(backToStart, afterWindow("10:00"));
    }

    private static Cursor afterWindow() {
        return afterWindow("10:15");
    }

    private static Cursor afterWindow(String lastEntry) {
        return Cursor.of(
                1,
                Map.of(
                        "after",
                        "2026-12-03T10:29:30Z",
                        "lastEntry",
                        at(lastEntry).toString()));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-12-03T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }
}
