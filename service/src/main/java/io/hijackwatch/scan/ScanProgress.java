package io.hijackwatch.scan;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** One progress line on standard error every few seconds while a scan runs; none for a scan shorter than that. */
final class ScanProgress implements AutoCloseable {

    private static final long INTERVAL_SECONDS = 2;

    private final ScheduledExecutorService timer;

    private ScanProgress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static ScanProgress start(PrintStream err, int fileCount, AtomicInteger filesDone, LongAdder events) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scan-progress");
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        timer.scheduleAtFixedRate(
                () -> report(err, fileCount, filesDone.get(), events.sum(), System.nanoTime() - started),
                INTERVAL_SECONDS,
                INTERVAL_SECONDS,
                TimeUnit.SECONDS);
        return new ScanProgress(timer);
    }

    private static void report(PrintStream err, int fileCount, int filesDone, long events, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        synchronized (err) {
            err.printf(
                    "scan: %,d of %,d files, %,d events, %,.0f events/s%n",
                    filesDone, fileCount, events, events / seconds);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
