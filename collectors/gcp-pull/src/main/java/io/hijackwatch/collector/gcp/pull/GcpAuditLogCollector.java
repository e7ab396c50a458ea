package io.hijackwatch.collector.gcp.pull;

import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one project's Cloud Audit Logs window by window through {@code entries.list}, oldest first. Each poll reads
 * from the end of the last complete window less the overlap (entries can be written minutes after their timestamp)
 * to shortly before now, page by page: every page is committed with the cursor it started from, and only the last
 * page with the window's end, so a poll that fails part way reads its whole window again and the store drops what it
 * already holds.
 */
final class GcpAuditLogCollector implements SourceCollector {

    private static final Logger log = LoggerFactory.getLogger(GcpAuditLogCollector.class);
    private static final int PAGE_SIZE = 1000;
    private static final Duration CONNECTION_TEST_SPAN = Duration.ofHours(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final SourceConfig config;
    private final GcpAuditLogSettings settings;
    private final Pacing pacing;
    private final Clock clock;
    private final EntryEvents entryEvents = new EntryEvents();
    private LoggingClient client;
    private EntryPages pages;

    GcpAuditLogCollector(SourceConfig config, GcpAuditLogSettings settings, Pacing pacing) {
        this.config = config;
        this.settings = settings;
        this.pacing = pacing;
        this.clock = config.environment().clock();
    }

    @Override
    public PollResult poll(Cursor cursor, BatchSink sink) throws CollectorException {
        Instant now = clock.instant();
        Optional<WindowCursor> stored = WindowCursor.from(cursor);
        ReadWindow window = ReadWindow.after(start(stored, now), now, pacing);
        if (window.isEmpty()) {
            return PollResult.caughtUp(0);
        }
        Instant newestBefore = stored.flatMap(WindowCursor::lastEntry).orElse(null);
        return read(window, restartCursor(cursor, stored, window), newestBefore, sink);
    }

    /** A new source starts at the lookback; a known one at the end of its last window less the overlap. */
    private Instant start(Optional<WindowCursor> stored, Instant now) {
        return stored.map(cursor -> cursor.after().minus(settings.overlap()))
                .orElseGet(() -> now.minus(settings.initialLookback()));
    }

    /**
     * The cursor the window's pages before the last are committed with: the stored one, or for a source without
     * one, a cursor that leads back to this window's start.
     */
    private Cursor restartCursor(Cursor cursor, Optional<WindowCursor> stored, ReadWindow window) {
        if (stored.isPresent()) {
            return cursor;
        }
        return new WindowCursor(window.start().plus(settings.overlap()), Optional.empty()).toCursor();
    }

    private PollResult read(ReadWindow window, Cursor restart, Instant newestBefore, BatchSink sink)
            throws CollectorException {
        Progress progress = new Progress(newestBefore);
        ListLogEntriesRequest.Builder request = request(window, PAGE_SIZE);
        while (true) {
            ListLogEntriesResponse page = pages().fetch(request.build());
            EntryEvents.Page converted = progress.add(page, entryEvents);
            log.debug(
                    "Read a page of {} entries of project {}: {} events, {} rejected",
                    page.getEntriesCount(),
                    settings.projectId(),
                    converted.events().size(),
                    converted.rejections().size());

            if (page.getNextPageToken().isEmpty()) {
                sink.commit(new Batch(
                        converted.events(), converted.rejections(), progress.cursorAt(window.end()), window.end()));
                logProgress(window, progress);
                return new PollResult(progress.events, window.capped());
            }
            if (!converted.events().isEmpty() || !converted.rejections().isEmpty()) {
                sink.commit(new Batch(converted.events(), converted.rejections(), restart, null));
            }
            if (sink.stopRequested()) {
                log.info(
                        "Stopped reading project {} part way through its window to {}",
                        settings.projectId(),
                        window.end());
                return new PollResult(progress.events, false);
            }
            request.setPageToken(page.getNextPageToken());
        }
    }

    private ListLogEntriesRequest.Builder request(ReadWindow window, int pageSize) {
        return ListLogEntriesRequest.newBuilder()
                .addResourceNames("projects/" + settings.projectId())
                .setFilter(window.filter(settings.projectId(), settings.logs()))
                .setOrderBy("timestamp asc")
                .setPageSize(pageSize);
    }

    private void logProgress(ReadWindow window, Progress progress) {
        log.info(
                "Read {} audit log entries of project {} from {} to {} in {} ms",
                progress.entries,
                settings.projectId(),
                window.start(),
                window.end(),
                Duration.ofNanos(System.nanoTime() - progress.started).toMillis());
    }

    @Override
    public String testConnection() throws CollectorException {
        Instant now = clock.instant();
        ReadWindow lastHour = new ReadWindow(now.minus(CONNECTION_TEST_SPAN), now, false);
        ListLogEntriesResponse page = pages().fetch(request(lastHour, 1).build());
        String logs = settings.logs().stream()
                .sorted()
                .map(AuditLogStream::settingName)
                .collect(Collectors.joining(", "));
        if (page.getEntriesCount() == 0) {
            return "Reached Cloud Logging for project " + settings.projectId() + " and read its " + logs
                    + " audit logs; they hold no entries from the last hour.";
        }
        return "Reached Cloud Logging for project " + settings.projectId() + " and read its " + logs
                + " audit logs; the first entry of the last hour is from " + entryTime(page.getEntries(0)) + ".";
    }

    private static Instant entryTime(LogEntry entry) {
        return Instant.ofEpochSecond(
                entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos());
    }

    private EntryPages pages() throws CollectorException {
        if (pages == null) {
            client = LoggingClients.open(
                    settings, config.secrets(), config.environment().endpoint(LoggingClients.ENDPOINT_NAME));
            pages = new EntryPages(client, settings.projectId(), pacing);
        }
        return pages;
    }

    @Override
    public void close() {
        if (client == null) {
            return;
        }
        client.shutdown();
        try {
            client.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client = null;
        pages = null;
    }

    /** What a poll has read of its window so far. */
    private static final class Progress {

        private final long started = System.nanoTime();
        private long entries;
        private long events;
        private Instant newest;

        Progress(Instant newestBefore) {
            this.newest = newestBefore;
        }

        EntryEvents.Page add(ListLogEntriesResponse page, EntryEvents entryEvents) {
            EntryEvents.Page converted = entryEvents.convert(page.getEntriesList(), entries);
            entries += page.getEntriesCount();
            events += converted.events().size();
            for (LogEntry entry : page.getEntriesList()) {
                Instant time = entryTime(entry);
                newest = newest == null || time.isAfter(newest) ? time : newest;
            }
            return converted;
        }

        /** The cursor of a window read to its end. */
        Cursor cursorAt(Instant end) {
            return new WindowCursor(end, Optional.ofNullable(newest)).toCursor();
        }
    }
}
