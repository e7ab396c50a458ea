package io.hijackwatch.collector.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LookupEventsCollectorTests {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final ThrottleBackoff QUICK_BACKOFF =
            new ThrottleBackoff(3, Duration.ofMillis(200), Duration.ofMillis(400));
    /** Each test its own account, so that no test waits on the request budget of another. */
    private static final AtomicInteger ACCOUNTS = new AtomicInteger(100_000_000);

    private FakeAws aws;
    private final MemorySink sink = new MemorySink();
    private final TestSources.MovableClock clock = new TestSources.MovableClock(NOW);
    private final List<SourceCollector> opened = new ArrayList<>();

    @BeforeEach
    void startFake() throws IOException {
        aws = new FakeAws();
    }

    @AfterEach
    void stopFake() {
        opened.forEach(SourceCollector::close);
        aws.close();
    }

    @Test
    void followsNextTokenAndMovesTheCursorOnlyWithTheLastPage() throws Exception {
        addEvents("p", 120, NOW.minus(Duration.ofMinutes(30)));
        Cursor stored =
                Cursor.of(1, Map.of("after", NOW.minus(Duration.ofMinutes(40)).toString()));

        PollResult result = collector(Map.of()).poll(stored, sink);

        assertThat(result).isEqualTo(new PollResult(120, false));
        assertThat(sink.batches()).extracting(batch -> batch.events().size()).containsExactly(50, 50, 20);
        assertThat(sink.batches().subList(0, 2)).extracting(Batch::cursor).containsOnly(stored);
        assertThat(sink.batches().get(2).cursor()).isEqualTo(Cursor.of(1, Map.of("after", NOW.toString())));
        assertThat(sink.batches().get(2).position()).isEqualTo(NOW);
        assertThat(sink.eventIds()).doesNotHaveDuplicates().hasSize(120);
        assertThat(aws.requests("LookupEvents")).hasSize(3);
    }

    @Test
    void makesAtMostTwoRequestsPerSecond() throws Exception {
        addEvents("r", 250, NOW.minus(Duration.ofMinutes(30)));

        collector(Map.of()).poll(Cursor.initial(), sink);

        List<Instant> times =
                aws.requests("LookupEvents").stream().map(FakeAws.Request::at).toList();
        assertThat(times).hasSize(5);
        // Times are those the fake received: a request held up on its way shortens the span after it, so a tenth of
        // the second is slack; without the limit the five requests would come within a few milliseconds.
        for (int i = 2; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 2), times.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void retriesAThrottledRequestWithBackoffAndThenSucceeds() throws Exception {
        addEvents("t", 3, NOW.minus(Duration.ofMinutes(30)));
        aws.failJson("LookupEvents", 2, 400, "ThrottlingException", Map.of());
        ThrottleBackoff slowerThanThePacer = new ThrottleBackoff(3, Duration.ofMillis(1600), Duration.ofMillis(1600));

        PollResult result = collector(Map.of(), slowerThanThePacer).poll(Cursor.initial(), sink);

        assertThat(result.events()).isEqualTo(3);
        List<Instant> times =
                aws.requests("LookupEvents").stream().map(FakeAws.Request::at).toList();
        assertThat(times).hasSize(3);
        assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(Duration.between(times.get(1), times.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(sink.batches())
                .singleElement()
                .satisfies(batch -> assertThat(batch.cursor().value("after")).contains(NOW.toString()));
    }

    @Test
    void givesUpOnPersistentThrottlingWithATransientFailureAndKeepsTheCursor() {
        addEvents("t", 3, NOW.minus(Duration.ofMinutes(30)));
        aws.failJson("LookupEvents", 2, 429, "TooManyRequestsException", Map.of());
        aws.failJson("LookupEvents", 1, 400, "ThrottlingException", Map.of());
        SourceCollector collector = collector(Map.of());

        assertThatThrownBy(() -> collector.poll(Cursor.initial(), sink))
                .isInstanceOfSatisfying(CollectorException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.retryAfter()).isPresent();
                    assertThat(e.getMessage()).contains("throttled").contains("3 times");
                });
        assertThat(sink.batches()).isEmpty();
        assertThat(aws.requests("LookupEvents")).hasSize(3);
    }

    @Test
    void readsALateEventInsideTheOverlapOnTheNextPoll() throws Exception {
        addEvents("early", 2, NOW.minus(Duration.ofMinutes(20)));
        SourceCollector collector = collector(Map.of());
        collector.poll(Cursor.initial(), sink);
        Cursor afterFirst = sink.batches().get(sink.batches().size() - 1).cursor();

        aws.cloudTrail.add(
                "late-1",
                NOW.minus(Duration.ofMinutes(5)),
                TrailRecords.record("late-1", NOW.minus(Duration.ofMinutes(5))));
        clock.set(NOW.plus(Duration.ofMinutes(1)));
        collector.poll(afterFirst, sink);

        assertThat(sink.eventIds()).containsExactlyInAnyOrder("early-0", "early-1", "late-1");
        FakeCloudTrail.Range second =
                FakeCloudTrail.range(aws.requests("LookupEvents").get(1).body());
        assertThat(second.start()).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
        assertThat(second.end()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    }

    @Test
    void startsANewSourceAtTheInitialLookBack() throws Exception {
        collector(Map.of("initialLookBack", "PT3H", "overlap", "PT10M")).poll(Cursor.initial(), sink);

        FakeCloudTrail.Range range =
                FakeCloudTrail.range(aws.requests("LookupEvents").get(0).body());
        assertThat(range.start()).isEqualTo(NOW.minus(Duration.ofHours(3)).minus(Duration.ofMinutes(10)));
        assertThat(range.end()).isEqualTo(NOW);
        assertThat(sink.batches())
                .singleElement()
                .satisfies(
                        batch -> assertThat(batch.cursor().toJson()).isEqualTo("{\"v\":1,\"after\":\"" + NOW + "\"}"));
    }

    @Test
    void resumesFromAStoredCursorAfterARestart() throws Exception {
        collector(Map.of()).poll(Cursor.initial(), sink);
        String stored = sink.batches().get(0).cursor().toJson();
        clock.set(NOW.plus(Duration.ofMinutes(5)));

        collector(Map.of()).poll(Cursor.fromJson(stored), sink);

        FakeCloudTrail.Range range =
                FakeCloudTrail.range(aws.requests("LookupEvents").get(1).body());
        assertThat(range.start()).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
        assertThat(range.end()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void toleratesCursorsOfOtherVersions() throws Exception {
        Instant after = NOW.minus(Duration.ofMinutes(30));
        SourceCollector collector = collector(Map.of());

        collector.poll(Cursor.fromJson("{\"after\":\"" + after + "\"}"), sink);
        collector.poll(Cursor.fromJson("{\"v\":3,\"after\":\"" + after + "\",\"region\":\"eu-west-1\"}"), sink);
        collector.poll(Cursor.fromJson("{\"v\":1,\"after\":\"yesterday\"}"), sink);
        collector.poll(Cursor.fromJson("{\"v\":0}"), sink);

        assertThat(aws.requests("LookupEvents"))
                .extracting(request -> FakeCloudTrail.range(request.body()).start())
                .containsExactly(
                        after.minus(Duration.ofMinutes(15)),
                        after.minus(Duration.ofMinutes(15)),
                        NOW.minus(Duration.ofMinutes(75)),
                        NOW.minus(Duration.ofMinutes(75)));
    }

    @Test
    void catchesUpALongPauseInSteps() throws Exception {
        Cursor old = Cursor.of(1, Map.of("after", NOW.minus(Duration.ofDays(2)).toString()));

        PollResult result = collector(Map.of()).poll(old, sink);

        assertThat(result.more()).isTrue();
        assertThat(sink.batches().get(0).cursor().instant("after"))
                .contains(NOW.minus(Duration.ofDays(2)).plus(Duration.ofHours(6)));
    }

    @Test
    void rejectsAMalformedRecordAndKeepsTheOthersOfThePage() throws Exception {
        Instant time = NOW.minus(Duration.ofMinutes(10));
        aws.cloudTrail.add("good-1", time, TrailRecords.record("good-1", time));
        aws.cloudTrail.add("bad-1", time.minusSeconds(1), "{\"eventTime\":\"" + time + "\", not json");

        collector(Map.of()).poll(Cursor.initial(), sink);

        assertThat(sink.eventIds()).containsExactly("good-1");
        assertThat(sink.rejectionReasons()).singleElement().asString().startsWith("LookupEvents result bad-1");
    }

    @Test
    void reportsDeniedAccessAsPermanent() {
        aws.failJson("LookupEvents", 1, 400, "AccessDeniedException", Map.of());

        assertThatThrownBy(() -> collector(Map.of()).poll(Cursor.initial(), sink))
                .isInstanceOfSatisfying(CollectorException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage())
                            .contains("AccessDeniedException")
                            .doesNotContain(TestSources.BASE_SECRET);
                });
    }

    @Test
    void assumesTheRoleForLookups() throws Exception {
        Map<String, String> settings =
                Map.of("roleArn", "arn:aws:iam::444455556666:role/HijackwatchReader", "externalId", "tenant-7f3a");

        collector(settings).testConnection();

        assertThat(aws.sts.assumeRoleCalls())
                .singleElement()
                .satisfies(call -> assertThat(call).containsEntry("ExternalId", "tenant-7f3a"));
        assertThat(aws.requests("LookupEvents"))
                .singleElement()
                .satisfies(request -> assertThat(request.accessKeyId()).isEqualTo(FakeSts.ASSUMED_KEY_ID));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        LookupEventsCollectorFactory factory = new LookupEventsCollectorFactory();

        assertThatThrownBy(() -> factory.open(TestSources.config(aws, Map.of("overlap", "15 minutes"), clock)))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> factory.open(TestSources.config(aws, Map.of("accountId", "1234"), clock)))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("accountId");
        assertThatThrownBy(() -> factory.open(TestSources.config(aws, Map.of("initialLookBack", "P100D"), clock)))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("initialLookBack");
    }

    private void addEvents(String prefix, int count, Instant newest) {
        for (int i = 0; i < count; i++) {
            Instant time = newest.minusSeconds(i);
            aws.cloudTrail.add(prefix + "-" + i, time, TrailRecords.record(prefix + "-" + i, time));
        }
    }

    private SourceCollector collector(Map<String, String> settings) {
        return collector(settings, QUICK_BACKOFF);
    }

    private SourceCollector collector(Map<String, String> settings, ThrottleBackoff backoff) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("accountId", Integer.toString(ACCOUNTS.incrementAndGet()) + "000");
        SourceCollector collector = new LookupEventsCollectorFactory(backoff).open(TestSources.config(aws, all, clock));
        opened.add(collector);
        return collector;
    }
}
