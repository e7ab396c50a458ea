package io.hijackwatch.collector.azure.pull;

import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one subscription's Activity Log window by window. Every page is committed as it arrives: the pages before the
 * last carry the cursor the poll started from, the last one the cursor past the window, so a poll cut short reads
 * the window again and the store drops what it already holds.
 */
final class AzureActivityLogCollector implements SourceCollector {

    private static final Duration CONNECTION_TEST_SPAN = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(AzureActivityLogCollector.class);

    private final String sourceId;
    private final AzureSourceSettings settings;
    private final Clock clock;
    private final ApiConnection connection;

    AzureActivityLogCollector(String sourceId, AzureSourceSettings settings, Clock clock, ApiConnection connection) {
        this.sourceId = sourceId;
        this.settings = settings;
        this.clock = clock;
        this.connection = connection;
    }

    @Override
    public PollResult poll(Cursor cursor, BatchSink sink) throws CollectorException {
        Optional<ReadWindow> window = ReadWindow.after(cursor, clock.instant(), settings, sourceId);
        if (window.isEmpty()) {
            log.debug("Source {} has read the Activity Log up to a minute ago already.", sourceId);
            return PollResult.caughtUp(0);
        }
        return read(window.get(), sink);
    }

    @Override
    public String testConnection() throws CollectorException {
        ActivityLogApi api = connection.api();
        Instant now = clock.instant();
        ActivityLogPage page = fetch(api, api.firstPage(now.minus(CONNECTION_TEST_SPAN), now), "the connection test");
        return "Read the Activity Log of subscription " + settings.subscriptionId() + ": "
                + page.events().size() + " events on the first page of the last hour"
                + (page.nextLink().isPresent() ? ", and more pages follow." : ".");
    }

    private PollResult read(ReadWindow window, BatchSink sink) throws CollectorException {
        ActivityLogApi api = connection.api();
        long started = System.nanoTime();
        URI address = api.firstPage(window.from(), window.to());
        long events = 0;
        for (int number = 1; ; number++) {
            ActivityLogPage page = fetch(api, address, "page " + number + " of " + window.from() + ".." + window.to());
            Optional<URI> next = following(api, address, page);
            commit(sink, window, page, next.isEmpty());
            events += page.events().size();
            if (next.isEmpty()) {
                log.info(
                        "Source {} read {} Activity Log events of {} to {} in {} pages and {} ms.",
                        sourceId,
                        events,
                        window.from(),
                        window.to(),
                        number,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
                return new PollResult(events, window.more());
            }
            if (sink.stopRequested()) {
                log.info("Source {} stopped after page {}; the next poll reads the window again.", sourceId, number);
                return new PollResult(events, false);
            }
            address = next.get();
        }
    }

    private static ActivityLogPage fetch(ActivityLogApi api, URI address, String description)
            throws CollectorException {
        byte[] body = api.get(address);
        try {
            return ActivityLogPage.read(body, description);
        } catch (ActivityLogPage.MalformedPageException e) {
            throw api.failures().malformedPage(description + ": " + e.getMessage());
        }
    }

    private static Optional<URI> following(ActivityLogApi api, URI current, ActivityLogPage page)
            throws CollectorException {
        if (page.nextLink().isEmpty()) {
            return Optional.empty();
        }
        URI next = api.nextPage(page.nextLink().get());
        if (next.equals(current)) {
            throw api.failures().malformedPage("the next-page link is the page itself");
        }
        return Optional.of(next);
    }

    private void commit(BatchSink sink, ReadWindow window, ActivityLogPage page, boolean last) {
        Cursor cursor = last ? window.completed() : window.resume();
        Instant position =
                last ? window.to() : window.resume().instant(ReadWindow.AFTER).orElse(null);
        sink.commit(new Batch(page.events(), page.rejections(), cursor, position));
        log.debug(
                "Source {} stored a page of {} events and {} rejected records with cursor {}.",
                sourceId,
                page.events().size(),
                page.rejections().size(),
                cursor);
    }
}
