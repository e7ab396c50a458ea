package io.hijackwatch.source;

import static io.hijackwatch.source.SourcesApiTests.await;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.LeaseLostException;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Pollers started by the tests themselves, as replicas with their own owner ids on one database: crashes, restarts,
 * two replicas at once, a lease taken over, failures.
 */
@ServiceTest
@TestPropertySource(
        properties = {
            "hijackwatch.sources.poll-interval=100ms",
            "hijackwatch.sources.lease-ttl=3s",
            "hijackwatch.sources.backoff.base=200ms",
            "hijackwatch.sources.backoff.cap=1s"
        })
class SourcePollingTests {

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    SourceRuntime runtime;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry registry;

    ApiClient api;
    long tenant;
    String admin;
    final List<SourcePoller> pollers = new ArrayList<>();

    @BeforeEach
    void newTenant() {
        api = new ApiClient(port);
        tenant = tenants.createTenant("polling-" + UUID.randomUUID());
        admin = tenants.createKey(tenant, "admin", Role.ADMIN, null);
    }

    @AfterEach
    void stopPollersAndSources() {
        pollers.forEach(SourcePoller::stop);
        jdbc.sql("UPDATE source SET paused = true").update();
    }

    @Test
    void replaysABatchWhoseCommitFailedWithoutDoublingItsAlert() {
        String feed = "crash-" + UUID.randomUUID();
        TestFeeds.Feed upstream = TestFeeds.feed(feed)
                .append(List.of(
                        quotaIncrease("crash-1", "2024-12-16T03:10:00Z", "intruder", 2048),
                        quotaIncrease("crash-2", "2024-12-16T03:11:00Z", "intruder", 4096)));
        long id = create("crash", Map.of("feed", feed, "batchSize", "1"), true);
        failSecondCursorUpdate(id);

        resume(id);
        poller("replica-a");
        await(() -> source(id).eventsTotal() == 2);

        JsonNode alerts = api.call("GET", "/api/v1/alerts", admin, null).body().get("items");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("count").asLong()).isEqualTo(2);
        assertThat(upstream.commitErrors).hasSize(1);
        assertThat(upstream.cursorsSeen().get(1)).isEqualTo(Cursor.of(1, Map.of("offset", "1")));
        assertThat(upstream.served.get()).isEqualTo(3);
        assertThat(storedEvents()).isEqualTo(2);
        assertThat(errors(id)).isEqualTo(1);
    }

    @Test
    void resumesFromTheStoredCursorAfterARestart() {
        String feed = "restart-" + UUID.randomUUID();
        TestFeeds.Feed upstream = TestFeeds.feed(feed).append(records("restart", 0, 3));
        long id = create("restart", Map.of("feed", feed, "batchSize", "2"), false);
        SourcePoller first = poller("replica-a");
        await(() -> source(id).eventsTotal() == 3);
        first.stop();
        pollers.remove(first);

        upstream.append(records("restart", 3, 2));
        poller("replica-b");
        await(() -> source(id).eventsTotal() == 5);

        List<Cursor> cursors = upstream.cursorsSeen();
        assertThat(cursors.get(0).isInitial()).isTrue();
        assertThat(cursors).contains(Cursor.of(1, Map.of("offset", "3")));
        assertThat(upstream.served.get()).isEqualTo(5);
        assertThat(storedEvents()).isEqualTo(5);
    }

    @Test
    void twoReplicasStoreEveryEventOnceAndNeverPollOneSourceTogether() {
        List<TestFeeds.Feed> feeds = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String feed = "shared-" + i + "-" + UUID.randomUUID();
            TestFeeds.Feed upstream = TestFeeds.feed(feed).append(records(feed, 0, 15));
            upstream.millisPerBatch = 5;
            feeds.add(upstream);
            ids.add(create("shared-" + i, Map.of("feed", feed, "batchSize", "2", "batchesPerPoll", "2"), true));
        }
        poller("replica-a");
        poller("replica-b");

        ids.forEach(this::resume);
        await(() -> ids.stream().allMatch(id -> source(id).eventsTotal() == 15));

        assertThat(storedEvents()).isEqualTo(150);
        for (TestFeeds.Feed upstream : feeds) {
            assertThat(upstream.mostAtOnce.get()).as(upstream.name).isEqualTo(1);
            assertThat(upstream.served.get()).as(upstream.name).isEqualTo(15);
            assertThat(upstream.polls.get()).as(upstream.name).isGreaterThanOrEqualTo(4);
        }
        List<String> threads = feeds.stream()
                .flatMap(upstream -> upstream.pollThreads.stream())
                .toList();
        assertThat(threads).anyMatch(name -> name.contains("replica-a"));
        assertThat(threads).anyMatch(name -> name.contains("replica-b"));
    }

    @Test
    void refusesTheCommitOfAReplicaWhoseLeaseWasTakenOver() throws InterruptedException {
        String feed = "fenced-" + UUID.randomUUID();
        TestFeeds.Feed upstream = TestFeeds.feed(feed).append(records("fenced", 0, 2));
        upstream.closeGate();
        long id = create("fenced", Map.of("feed", feed), false);
        poller("replica-a");
        assertThat(upstream.awaitPollAtGate()).isTrue();

        jdbc.sql("""
                        UPDATE source SET lease_owner = 'replica-b', lease_token = lease_token + 1,
                                          lease_expires_at = now() + interval '1 hour'
                        WHERE tenant_id = :tenant AND id = :id
                        """).param("tenant", tenant).param("id", id).update();
        upstream.openGate();
        await(() -> !upstream.commitErrors.isEmpty() && upstream.idle());

        assertThat(upstream.commitErrors.get(0)).isInstanceOf(LeaseLostException.class);
        assertThat(storedEvents()).isZero();
        Source source = source(id);
        assertThat(source.cursor().isInitial()).isTrue();
        assertThat(source.status()).isEqualTo("new");
        assertThat(jdbc.sql("SELECT lease_owner FROM source WHERE tenant_id = :tenant AND id = :id")
                        .param("tenant", tenant)
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("replica-b");
    }

    @Test
    void takesBackASourceWhoseLeaseItStillHoldsButNoLongerPolls() throws InterruptedException {
        String ownFeed = "own-lease-" + UUID.randomUUID();
        String foreignFeed = "foreign-lease-" + UUID.randomUUID();
        TestFeeds.feed(ownFeed).append(records("own-lease", 0, 3));
        TestFeeds.feed(foreignFeed).append(records("foreign-lease", 0, 3));
        long own = create("own-lease", Map.of("feed", ownFeed), true);
        long foreign = create("foreign-lease", Map.of("feed", foreignFeed), true);
        // What a poll leaves behind when the database goes away before its outcome is recorded: a lease of this
        // replica's, far from expiring, on a source no thread of it polls any more.
        leaseTo(own, "replica-a");
        leaseTo(foreign, "replica-b");
        jdbc.sql("UPDATE source SET paused = false, next_poll_at = now() WHERE tenant_id = :tenant")
                .param("tenant", tenant)
                .update();

        poller("replica-a");
        await(() -> source(own).eventsTotal() == 3);
        Thread.sleep(1000);

        assertThat(source(foreign).eventsTotal()).isZero();
        assertThat(TestFeeds.feed(foreignFeed).served.get()).isZero();
    }

    private void leaseTo(long id, String owner) {
        jdbc.sql("""
                        UPDATE source SET lease_owner = :owner, lease_token = lease_token + 1,
                                          lease_expires_at = now() + interval '1 hour'
                        WHERE tenant_id = :tenant AND id = :id
                        """)
                .param("owner", owner)
                .param("tenant", tenant)
                .param("id", id)
                .update();
    }

    @Test
    void backsOffAfterFailuresHonouringTheWaitTheProviderAskedFor() {
        String throttledFeed = "throttled-" + UUID.randomUUID();
        String deniedFeed = "denied-" + UUID.randomUUID();
        TestFeeds.feed(throttledFeed).failNextPoll(CollectorException.throttled("Rate exceeded.", Duration.ofHours(2)));
        TestFeeds.feed(deniedFeed)
                .failNextPoll(CollectorException.permanentFailure("Access to the feed was denied.", null));
        long throttled = create("throttled", Map.of("feed", throttledFeed), false);
        long denied = create("denied", Map.of("feed", deniedFeed), false);
        Instant before = Instant.now();

        poller("replica-a");
        await(() -> !source(throttled).status().equals("new")
                && !source(denied).status().equals("new"));

        Source retrying = source(throttled);
        Source failing = source(denied);
        assertThat(retrying.status()).isEqualTo("retrying");
        assertThat(retrying.lastError()).isEqualTo("Rate exceeded.");
        assertThat(retrying.consecutiveFailures()).isEqualTo(1);
        assertThat(retrying.nextPollAt()).isAfter(before.plus(Duration.ofMinutes(119)));
        assertThat(failing.status()).isEqualTo("failing");
        assertThat(failing.lastError()).isEqualTo("Access to the feed was denied.");
        assertThat(failing.nextPollAt()).isAfter(before.plus(Duration.ofMinutes(59)));
        assertThat(errors(throttled)).isEqualTo(1);
        assertThat(errors(denied)).isEqualTo(1);
        assertThat(api.get("/api/v1/sources/" + denied).status()).isEqualTo(401);
    }

    private SourcePoller poller(String owner) {
        SourcePoller poller = new SourcePoller(runtime, owner);
        pollers.add(poller);
        poller.start();
        return poller;
    }

    private long create(String name, Map<String, String> settings, boolean paused) {
        return runtime.store
                .create(tenant, name + "-" + UUID.randomUUID(), TestFeedCollectorFactory.KIND, settings, paused)
                .id();
    }

    private void resume(long id) {
        assertThat(api.call("POST", "/api/v1/sources/" + id + "/resume", admin, null)
                        .status())
                .isEqualTo(200);
    }

    private Source source(long id) {
        return runtime.store.find(tenant, id).orElseThrow();
    }

    private long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM event WHERE tenant_id = :tenant")
                .param("tenant", tenant)
                .query(Long.class)
                .single();
    }

    private double errors(long id) {
        Counter counter = registry.find("hijackwatch.collector.errors")
                .tag("source", Long.toString(id))
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Makes the second commit that moves this source's cursor fail, as a crash in the middle of it would. */
    private void failSecondCursorUpdate(long id) {
        jdbc.sql("CREATE SEQUENCE cursor_updates_" + id).update();
        jdbc.sql("""
                        CREATE FUNCTION fail_second_cursor_update_%d() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            IF NEW.id = %d AND NEW.cursor IS DISTINCT FROM OLD.cursor
                               AND nextval('cursor_updates_%d') = 2 THEN
                                RAISE EXCEPTION 'the database went away in the middle of the commit';
                            END IF;
                            RETURN NEW;
                        END $$
                        """.formatted(id, id, id)).update();
        jdbc.sql("CREATE TRIGGER fail_second_cursor_update_" + id + " BEFORE UPDATE ON source FOR EACH ROW"
                        + " EXECUTE FUNCTION fail_second_cursor_update_" + id + "()")
                .update();
    }

    private static List<String> records(String prefix, int from, int count) {
        List<String> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String time = Instant.parse("2024-12-16T03:00:00Z").plusSeconds(i).toString();
            records.add(quotaIncrease(prefix + "-" + i, time, "user-" + i, 64));
        }
        return records;
    }

    @SuppressWarnings("unused")
    private static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }
}
