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
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
        try (MDC.MDCCloseable source = MDC.putCloseable("source", config.sourceId());
                MDC.MDCCloseable account = MDC.putCloseable("account", settings.projectId())) {
            Optional<WindowCursor> stored = WindowCursor.from(cursor);
            ReadWindow window = ReadWindow.after(start(stored), clock.instant(), pacing);
            if (window.isEmpty()) {
                return PollResult.caughtUp(0);
            }
            Instant newestBefore = stored.flatMap(WindowCursor::lastEntry).orElse(null);
            return read(window, restartCursor(cursor, stored, window), newestBefore, sink);
        }
    }

    /** A new source starts at the lookback; a known one at the end of its last window less the overlap. */
    private Instant start(Optional<WindowCursor> stored) {
        return stored.map(cursor -> cursor.after().minus(settings.overlap()))
                .orElseGet(() -> clock.instant().minus(settings.initialLookback()));
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
        long started = System.nanoTime();
        ListLogEntriesRequest.Builder request = request(window, PAGE_SIZE);
        long entries = 0;
        long events = 0;
        Instant newest = newestBefore;
        while (true) {
            ListLogEntriesResponse page = pages().fetch(request.build());
            newest = newestOf(page, newest);
            boolean last = page.getNextPageToken().isEmpty();
            EntryEvents.Page converted = entryEvents.convert(page.getEntriesList(), entries);
            entries += page.getEntriesCount();
            events += converted.events().size();
            if (last) {
                Cursor next = new WindowCursor(window.end(), Optional.ofNullable(newest)).toCursor();
                sink.commit(new Batch(converted.events(), converted.rejections(), next, window.end()));
                logProgress(window, entries, started);
                return new PollResult(events, window.capped());
            }
            if (!converted.events().isEmpty() || !converted.rejections().isEmpty()) {
                sink.commit(new Batch(converted.events(), converted.rejections(), restart, null));
            }
            if (sink.stopRequested()) {
                log.info(
                        "Stopped reading project {} part way through {} to {}",
                        settings.projectId(),
                        window.start(),
                        window.end());
                return new PollResult(events, false);
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

    private static Instant newestOf(ListLogEntriesResponse page, Instant newest) {
        if (page.getEntriesCount() == 0) {
            return newest;
        }
        Instant time = entryTime(page.getEntries(page.getEntriesCount() - 1));
        return newest == null || time.isAfter(newest) ? time : newest;
    }

    private void logProgress(ReadWindow window, long entries, long started) {
        log.info(
                "Read {} audit log entries of project {} from {} to {} in {} ms",
                entries,
                settings.projectId(),
                window.start(),
                window.end(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
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
        if (client != null) {
            client.close();
            client = null;
            pages = null;
        }
    }
}
