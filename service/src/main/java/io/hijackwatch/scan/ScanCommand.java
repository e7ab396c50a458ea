package io.hijackwatch.scan;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.EventParsers;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.detect.AutomationPrincipals;
import io.hijackwatch.detect.DetectionEngine;
import io.hijackwatch.detect.RuleLoader;
import io.hijackwatch.detect.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code hijackwatch scan}: reads log files and folders offline, with no database, and reports what it found.
 * Findings and the summary go to standard output; rejected records, progress and totals to standard error. A bad
 * record or an unreadable file is reported and the scan goes on.
 */
public final class ScanCommand {

    public static final String NAME = "scan";

    static final int EXIT_COMPLETED = 0;
    static final int EXIT_USAGE = 2;
    private static final int REJECTIONS_SHOWN_PER_FILE = 10;
    private static final int CHUNK_SIZE = 4096;

    private final ScanOptions options;
    private final FileFormats formats = new FileFormats(EventParsers.discover());
    private final PrintStream out;
    private final PrintStream err;
    private final LongAdder eventsSoFar = new LongAdder();
    private final AtomicInteger filesDone = new AtomicInteger();

    private ScanCommand(ScanOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Runs the command line {@code scan ...} and returns the process exit code. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        ScanOptions options;
        ScanInputs inputs;
        EventParser parser;
        try {
            options = ScanOptions.parse(args);
            inputs = ScanInputs.expand(options.paths());
            parser = parserFor(options.input());
        } catch (ScanOptions.UsageException e) {
            err.println("hijackwatch scan: " + e.getMessage());
            err.println(ScanOptions.USAGE);
            return EXIT_USAGE;
        }
        CompletableFuture<DetectionEngine> engine = CompletableFuture.supplyAsync(() -> loadRules(options, err));
        new ScanCommand(options, out, err).scan(inputs, parser, new ScanDetection(engine));
        return EXIT_COMPLETED;
    }

    private static DetectionEngine loadRules(ScanOptions options, PrintStream err) {
        RuleSet rules = new RuleLoader().load(options.rulesFolder());
        rules.problems().forEach(problem -> err.println("hijackwatch scan: rule not loaded: " + problem));
        return new DetectionEngine(rules.rules(), AutomationPrincipals.of(options.automationPrincipals()));
    }

    /** The parser named on the command line, or {@code null} for {@code auto}: recognize each file's format. */
    private static EventParser parserFor(String input) {
        if (ScanOptions.AUTO.equals(input)) {
            return null;
        }
        EventParsers parsers = EventParsers.discover();
        return parsers.forFormat(input)
                .orElseThrow(() -> new ScanOptions.UsageException("--input takes auto or one of "
                        + String.join(", ", parsers.formats()) + ", not '" + input + "'"));
    }

    private void scan(ScanInputs inputs, EventParser parser, ScanDetection detection) {
        long started = System.nanoTime();
        ScanTally total = new ScanTally();
        try (ScanProgress progress = ScanProgress.start(err, inputs.files().size(), filesDone, eventsSoFar)) {
            readAll(inputs.files(), parser, total, detection);
        }
        detection.finish();
        long elapsedNanos = System.nanoTime() - started;

        AlertPrinter.print(detection.alerts(), options.output(), out);
        if (options.summary()) {
            ScanSummary.print(total, options.output(), out);
        }
        out.flush();
        err.println(ScanSummary.totalsLine(total, inputs.digestFilesLeftOut(), elapsedNanos)
                + String.format(
                        Locale.ROOT,
                        "; %,d duplicate events; %,d alerts from %,d findings",
                        detection.duplicates(),
                        detection.alerts().size(),
                        detection.findings()));
    }

    /**
     * Parses files on the pool's threads and runs detection on this one, file by file in name order, so that
     * stateful rules see the events in the order the files give. Only a few files are parsed ahead of detection, so
     * memory holds a few files' events whatever the size of the scan.
     */
    private void readAll(List<Path> files, EventParser parser, ScanTally total, ScanDetection detection) {
        int threads = Math.max(1, Math.min(options.threads(), files.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "scan");
            thread.setDaemon(true);
            return thread;
        });
        try {
            int ahead = threads + 1;
            List<OrderedChunks> chunks = new ArrayList<>();
            List<Future<ScanTally>> pending = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                while (pending.size() < Math.min(files.size(), i + ahead)) {
                    Path file = files.get(pending.size());
                    OrderedChunks fileChunks = new OrderedChunks();
                    chunks.add(fileChunks);
                    pending.add(pool.submit(() -> readFile(file, parser, fileChunks)));
                }
                OrderedChunks fileChunks = chunks.get(i);
                for (List<NormalizedEvent> chunk = fileChunks.take(); chunk != null; chunk = fileChunks.take()) {
                    detection.accept(chunk);
                }
                total.add(awaitFile(pending.get(i)));
                chunks.set(i, null);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ScanTally awaitFile(Future<ScanTally> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("scan failed", e.getCause());
        }
    }

    private ScanTally readFile(Path file, EventParser named, OrderedChunks chunks) {
        FileListener listener = new FileListener(file, chunks);
        try (InputStream input = Files.newInputStream(file)) {
            EventParser parser = named != null ? named : formats.recognize(file).orElse(null);
            if (parser == null) {
                listener.tally.unrecognizedFiles++;
                reportError(file + ": the format is not one this scan recognizes; name it with --input");
            } else {
                parser.parse(input, listener);
            }
        } catch (IOException e) {
            listener.tally.unreadableFiles++;
            reportError(file + ": could not be read to its end (" + describe(e) + "); " + listener.tally.events
                    + " events before that point were counted");
        } finally {
            listener.flush();
            chunks.end();
        }
        listener.reportHiddenRejections();
        listener.tally.files++;
        filesDone.incrementAndGet();
        return listener.tally;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void reportError(String line) {
        synchronized (err) {
            err.println(line);
        }
    }

    /** Counts one file's records, reports its first rejections and hands its events on in chunks. */
    private final class FileListener implements ParseListener {
        private final Path file;
        private final OrderedChunks chunks;
        private List<NormalizedEvent> chunk = new ArrayList<>(CHUNK_SIZE);
        final ScanTally tally = new ScanTally();

        FileListener(Path file, OrderedChunks chunks) {
            this.file = file;
            this.chunks = chunks;
        }

        @Override
        public void onEvent(NormalizedEvent event) {
            tally.countEvent(event.service(), event.action());
            eventsSoFar.increment();
            chunk.add(event);
            if (chunk.size() == CHUNK_SIZE) {
                flush();
            }
        }

        void flush() {
            chunks.put(chunk);
            chunk = new ArrayList<>(CHUNK_SIZE);
        }

        @Override
        public void onRejected(Rejection rejection) {
            tally.rejected++;
            if (tally.rejected <= REJECTIONS_SHOWN_PER_FILE) {
                reportError(file + ": record " + rejection.index() + " rejected: " + rejection.reason());
            }
        }

        @Override
        public void onSkipped(long index, String what) {
            tally.skipped++;
        }

        void reportHiddenRejections() {
            long hidden = tally.rejected - REJECTIONS_SHOWN_PER_FILE;
            if (hidden > 0) {
                reportError(file + ": " + hidden + " more records rejected");
            }
        }
    }
}
