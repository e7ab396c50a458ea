package io.hijackwatch.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's scheduler of pull sources. On every tick it claims due sources that no replica holds (a lease in
 * PostgreSQL, as many as it has free threads), polls each on its bounded pool, renews the leases it holds while they
 * run, and closes the collectors of sources that were paused, changed or deleted.
 */
final class SourcePoller {

    private static final Logger log = LoggerFactory.getLogger(SourcePoller.class);
    private static final Duration LONGEST_TICK = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);

    private final SourceRuntime runtime;
    private final String owner;
    private final OpenCollectors collectors;
    private final Map<Long, SourceRun> running = new ConcurrentHashMap<>();
    private final Map<Long, Progress> progress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private volatile boolean stopping;

    SourcePoller(SourceRuntime runtime, String owner) {
        this.runtime = runtime;
        this.owner = owner;
        this.collectors = new OpenCollectors(runtime);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("source-scheduler-"));
        this.workers =
                Executors.newFixedThreadPool(runtime.properties.threads(), threads("source-poll-" + owner + "-"));
    }

    String owner() {
        return owner;
    }

    void start() {
        Duration tick = min(runtime.properties.pollInterval(), LONGEST_TICK);
        Duration renewal = runtime.properties.leaseTtl().dividedBy(3);
        scheduler.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                this::renewLeases, renewal.toMillis(), renewal.toMillis(), TimeUnit.MILLISECONDS);
        log.info(
                "Polling sources as {} with {} threads, every {} at most",
                owner,
                runtime.properties.threads(),
                runtime.properties.pollInterval());
    }

    /** Asks every running poll to stop after its batch, waits for them, closes every collector. */
    void stop() {
        stopping = true;
        running.values().forEach(run -> run.control().requestStop(false));
        workers.shutdown();
        try {
            if (!workers.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Polls still running after {}; their leases will expire", SHUTDOWN_WAIT);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        collectors.closeAll();
        log.info("Stopped polling sources as {}", owner);
    }

    private void tick() {
        if (stopping) {
            return;
        }
        try {
            collectors.closeStale(running.keySet());
            claimAndRun();
        } catch (RuntimeException e) {
            log.warn("Could not claim due sources; trying again at the next tick: {}", e.getMessage());
        }
    }

    private void claimAndRun() {
        int free = runtime.properties.threads() - running.size();
        if (free <= 0) {
            return;
        }
        List<SourceStore.Claim> claims =
                runtime.store.claimDue(owner, runtime.properties.leaseTtl(), free, List.copyOf(running.keySet()));
        for (SourceStore.Claim claim : claims) {
            SourceRun run = new SourceRun(runtime, claim, collectors, progressOf(claim.source()));
            running.put(claim.source().id(), run);
            workers.execute(() -> runAndRelease(run));
        }
    }

    private void runAndRelease(SourceRun run) {
        boolean more = false;
        try {
            more = run.run();
        } finally {
            running.remove(run.sourceId());
        }
        if (more && !stopping) {
            try {
                scheduler.execute(this::tick);
            } catch (RejectedExecutionException e) {
                log.debug("Not polling again: this replica is stopping");
            }
        }
    }

    private void renewLeases() {
        for (SourceRun run : new ArrayList<>(running.values())) {
            try {
                run.renew();
            } catch (RuntimeException e) {
                log.warn("Could not renew the lease of source {}: {}", run.sourceId(), e.getMessage());
            }
        }
    }

    private Progress progressOf(Source source) {
        return progress.computeIfAbsent(source.id(), id -> new Progress(runtime.properties.progressInterval()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
