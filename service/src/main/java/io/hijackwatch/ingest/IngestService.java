package io.hijackwatch.ingest;

import io.hijackwatch.alert.AlertStore;
import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.json.Decompression;
import io.hijackwatch.detect.Finding;
import io.hijackwatch.detect.TenantDetection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Parses a body of records and stores its events in one transaction: either the whole body is taken, with each bad
 * record counted and explained, or (when the body itself cannot be read to its end) nothing is. Collectors that fetch
 * events by themselves store them through {@link #storeInTransaction}, the same path inside their own transaction.
 */
@Service
public class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final int BATCH_SIZE = 1000;

    private final EventStore store;
    private final TenantDetection detection;
    private final AlertStore alerts;
    private final TransactionTemplate transactions;
    private final IngestProperties limits;
    private final IngestMetrics metrics;

    IngestService(
            EventStore store,
            TenantDetection detection,
            AlertStore alerts,
            TransactionTemplate transactions,
            IngestProperties limits,
            IngestMetrics metrics) {
        this.store = store;
        this.detection = detection;
        this.alerts = alerts;
        this.transactions = transactions;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * @throws UnreadableBodyException when the body cannot be read to its end
     * @throws BodyTooLargeException when the body decompresses to more than its limit
     */
    public IngestResult ingest(long tenantId, EventParser parser, InputStream body) {
        long started = System.nanoTime();
        try {
            List<Finding> findings = new ArrayList<>();
            IngestResult result = transactions.execute(status -> parseAndStore(tenantId, parser, body, findings));
            metrics.recordRequest(parser.format(), result, Duration.ofNanos(System.nanoTime() - started));
            metrics.recordFindings(findings);
            log.debug(
                    "Ingested {} new and {} duplicate events, rejected {} records",
                    result.accepted(),
                    result.duplicates(),
                    result.rejected());
            return result;
        } catch (UncheckedIOException e) {
            throw new UnreadableBodyException(describe(e.getCause()), e.getCause());
        }
    }

    private IngestResult parseAndStore(long tenantId, EventParser parser, InputStream body, List<Finding> findings) {
        StoringListener listener = new StoringListener(tenantId, detection.open(tenantId), findings);
        try {
            InputStream decoded = new BoundedInputStream(
                    Decompression.gunzipIfCompressed(body),
                    limits.maxDecompressedSize().toBytes(),
                    "decompressed body");
            parser.parse(decoded, listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listener.flush();
        listener.session.save();
        return listener.result();
    }

    /**
     * What storing a list of events did.
     *
     * @param stored how many were new to the tenant and stored
     * @param duplicates how many the tenant had already (or that were repeated within the list)
     */
    public record StoredEvents(long stored, long duplicates) {}

    /**
     * Stores events, runs detection on the new ones and records their alerts, all inside the caller's transaction,
     * which also holds the tenant's detection state until it ends. Events are stored in time order.
     *
     * @throws IllegalStateException when no transaction is active
     */
    public StoredEvents storeInTransaction(long tenantId, List<NormalizedEvent> events) {
        TenantDetection.Session session = detection.open(tenantId);
        List<NormalizedEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(NormalizedEvent::time));

        List<Finding> findings = new ArrayList<>();
        long stored = 0;
        for (int from = 0; from < sorted.size(); from += BATCH_SIZE) {
            List<NormalizedEvent> batch = sorted.subList(from, Math.min(sorted.size(), from + BATCH_SIZE));
            stored += storeBatch(tenantId, session, new ArrayList<>(batch), findings);
        }
        session.save();

        recordFindingsAfterCommit(findings);
        return new StoredEvents(stored, events.size() - stored);
    }

    /**
     * The one step both paths share: stores a batch in time order, so that of several records of one action (Azure's
     * Started and Succeeded, listed newest first by its API) the earliest, which carries the request, is the one
     * kept; then runs detection on the events that were new and records what it found as alerts.
     *
     * @return how many of the batch's events were new
     */
    private int storeBatch(
            long tenantId, TenantDetection.Session session, List<NormalizedEvent> batch, List<Finding> findings) {
        batch.sort(Comparator.comparing(NormalizedEvent::time));
        List<NormalizedEvent> stored = store.insertNew(tenantId, batch);
        List<Finding> found = session.evaluate(stored);
        findings.addAll(found);
        alerts.record(tenantId, found);
        return stored.size();
    }

    private void recordFindingsAfterCommit(List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                metrics.recordFindings(findings);
            }
        });
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException) {
            return "The body is not a complete gzip stream (" + message + "); nothing was stored.";
        }
        return "The body could not be read to its end (" + message + "); nothing was stored.";
    }

    /** Collects events into batches, stores them, runs detection on the new ones and keeps the counts. */
    private final class StoringListener implements ParseListener {
        private final long tenantId;
        private final TenantDetection.Session session;
        private final List<Finding> findings;
        private final List<NormalizedEvent> batch = new ArrayList<>(BATCH_SIZE);
        private final List<IngestResult.RejectionView> listed = new ArrayList<>();
        private long received;
        private long accepted;
        private long rejected;
        private long skipped;

        StoringListener(long tenantId, TenantDetection.Session session, List<Finding> findings) {
            this.tenantId = tenantId;
            this.session = session;
            this.findings = findings;
        }

        @Override
        public void onEvent(NormalizedEvent event) {
            received++;
            batch.add(event);
            if (batch.size() == BATCH_SIZE) {
                flush();
            }
        }

        @Override
        public void onRejected(Rejection rejection) {
            rejected++;
            if (listed.size() < limits.maxListedRejections()) {
                listed.add(new IngestResult.RejectionView(rejection.index(), rejection.reason()));
            }
        }

        @Override
        public void onSkipped(long index, String what) {
            skipped++;
        }

        void flush() {
            accepted += storeBatch(tenantId, session, batch, findings);
            batch.clear();
        }

        IngestResult result() {
            return new IngestResult(
                    accepted, received - accepted, rejected, skipped, List.copyOf(listed), rejected > listed.size());
        }
    }
}
