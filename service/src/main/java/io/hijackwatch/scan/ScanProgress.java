package io.hijackwatch.scan;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** One progress line on standard error every few seconds while a scan runs; none for a scan shorter than that. */
final class ScanProgress implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(2);

    private final ScheduledExecutorService timer;

    private ScanProgress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static ScanProgress start(PrintStream err, int fileCount, AtomicInteger filesDone, LongAdder events) {
        return start(err, fileCount, filesDone, events, INTERVAL);
    }

    static ScanProgress start(
            PrintStream err, int fileCount, AtomicInteger filesDone, LongAdder events, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scan-progress");
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        timer.scheduleAtFixedRate(
                () -> report(err, fileCount, filesDone.get(), events.sum(), System.nanoTime() - started),
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return new ScanProgress(timer);
    }

    private static void report(PrintStream err, int fileCount, int filesDone, long events, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        synchronized (err) {
            err.printf(
                    Locale.ROOT,
                    "scan: %,d of %,d files, %,d events, %,.0f events/s%n",
                    filesDone,
                    fileCount,
                    events,
                    events / seconds);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
