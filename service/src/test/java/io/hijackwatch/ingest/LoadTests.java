package io.hijackwatch.ingest;

import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static io.hijackwatch.support.CloudTrailSamples.runInstances;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A bounded load on loopback: clients of two tenants post events while others page through alerts, for a fixed time.
 * Every request must succeed and every event be stored once; the figures are printed, not asserted.
 */
@ServiceTest
class LoadTests {

    private static final Duration RUN_FOR = Duration.ofSeconds(8);
    private static final int EVENTS_PER_POST = 200;

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    EventStore events;

    @Test
    void postsAndReadsAtOnceWithoutAnErrorOrALostEvent() throws Exception {
        ApiClient api = new ApiClient(port);
        List<Long> tenantIds = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long tenant = tenants.createTenant("load-" + UUID.randomUUID());
            tenantIds.add(tenant);
            keys.add(tenants.createKey(tenant, "load", Role.ADMIN, null));
        }
        List<Long> postMillis = Collections.synchronizedList(new ArrayList<>());
        List<Long> readMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + RUN_FOR.toNanos();

        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            String key = keys.get(client % 2);
            String prefix = "load-" + client + "-";
            running.add(clients.submit(() -> {
                for (int batch = 0; System.nanoTime() < deadline; batch++) {
                    byte[] body = body(prefix + batch + "-").getBytes(StandardCharsets.UTF_8);
                    long started = System.nanoTime();
                    Reply reply = api.postEvents(key, "cloudtrail", "application/json", body);
                    postMillis.add((System.nanoTime() - started) / 1_000_000);
                    if (reply.status() == 202) {
                        accepted.addAndGet(reply.body().get("accepted").asLong());
                    } else {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (int reader = 0; reader < 2; reader++) {
            String key = keys.get(reader);
            running.add(clients.submit(() -> {
                while (System.nanoTime() < deadline) {
                    long started = System.nanoTime();
                    Reply reply = api.call("GET", "/api/v1/alerts?limit=100", key, null);
                    readMillis.add((System.nanoTime() - started) / 1_000_000);
                    if (reply.status() != 200) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();

        long stored = events.countForTenant(tenantIds.get(0)) + events.countForTenant(tenantIds.get(1));
        System.out.printf(
                Locale.ROOT,
                "load: %,d events stored in %d s (%,.0f events/s) by %d posts (p50 %d ms, p99 %d ms);"
                        + " %d alert pages read (p50 %d ms, p99 %d ms); %d errors%n",
                stored,
                RUN_FOR.toSeconds(),
                stored / (double) RUN_FOR.toSeconds(),
                postMillis.size(),
                percentile(postMillis, 50),
                percentile(postMillis, 99),
                readMillis.size(),
                percentile(readMillis, 50),
                percentile(readMillis, 99),
                errors.get());
        assertThat(errors.get()).isZero();
        assertThat(stored).isEqualTo(accepted.get()).isEqualTo((long) postMillis.size() * EVENTS_PER_POST);
        assertThat(readMillis).isNotEmpty();
    }

    private static String body(String prefix) {
        List<String> records = new ArrayList<>(EVENTS_PER_POST);
        for (int i = 0; i < EVENTS_PER_POST; i++) {
            records.add(
                    i % 50 == 0
                            ? quotaIncrease(prefix + i, "2024-12-16T03:10:00Z", "load-user-" + (i % 7), 64)
                            : runInstances(prefix + i));
        }
        return deliveryFile(records);
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    }
}
