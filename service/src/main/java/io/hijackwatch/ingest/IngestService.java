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

    /**
     * How many events of one request are stored before the tenant's detection is entered. Until then the request
     * holds no tenant-wide lock, so several requests of one tenant insert their events side by side and queue only for
     * detection, which runs over events already in memory; a request larger than this enters detection here and holds
     * the tenant to its end, which bounds the events kept in memory.
     */
    private static final int DETECT_LATER_LIMIT = 10_000;

    private final EventStore store;
    private final TenantDetection detection;
    private final AlertStore alerts;
    private final TransactionTemplate transactions;
    private final IngestProperties limits;
    private final IngestMetrics metrics;
    private final List<BatchObserver> observers;

    IngestService(
            EventStore store,
            TenantDetection detection,
            AlertStore alerts,
            TransactionTemplate transactions,
            IngestProperties limits,
            IngestMetrics metrics,
            List<BatchObserver> observers) {
        this.store = store;
        this.detection = detection;
        this.alerts = alerts;
        this.transactions = transactions;
        this.limits = limits;
        this.metrics = metrics;
        this.observers = List.copyOf(observers);
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
        StoringListener listener = new StoringListener(tenantId, findings);
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
        listener.detection().save();
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
     * which also holds the tenant's detection state until it ends. Events are stored in time order, and before the
     * tenant's detection is entered.
     *
     * @throws IllegalStateException when no transaction is active
     */
    public StoredEvents storeInTransaction(long tenantId, List<NormalizedEvent> events) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("events are stored inside the caller's transaction");
        }
        List<NormalizedEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(NormalizedEvent::time));

        List<StoredBatch> batches = new ArrayList<>();
        long stored = 0;
        for (int from = 0; from < sorted.size(); from += BATCH_SIZE) {
            List<NormalizedEvent> batch =
                    new ArrayList<>(sorted.subList(from, Math.min(sorted.size(), from + BATCH_SIZE)));
            StoredBatch inserted = insert(tenantId, batch);
            stored += inserted.stored().size();
            batches.add(inserted);
        }
        TenantDetection.Session session = detection.open(tenantId);
        List<Finding> findings = new ArrayList<>();
        batches.forEach(batch -> detect(tenantId, session, batch, findings));
        session.save();

        recordFindingsAfterCommit(findings);
        return new StoredEvents(stored, events.size() - stored);
    }

    /** A batch of events as stored: all of them, in time order, and those that were new. */
    private record StoredBatch(List<NormalizedEvent> events, List<NormalizedEvent> stored) {}

    /**
     * Stores a batch in time order, so that of several records of one action (Azure's Started and Succeeded, listed
     * newest first by its API) the earliest, which carries the request, is the one kept.
     */
    private StoredBatch insert(long tenantId, List<NormalizedEvent> batch) {
        batch.sort(Comparator.comparing(NormalizedEvent::time));
        return new StoredBatch(batch, store.insertNew(tenantId, batch));
    }

    /** Runs detection on a stored batch's new events (and its observers on all of them), recording alerts. */
    private void detect(long tenantId, TenantDetection.Session session, StoredBatch batch, List<Finding> findings) {
        List<Finding> found = new ArrayList<>(session.evaluate(batch.stored()));
        observers.forEach(observer -> found.addAll(observer.onBatch(tenantId, batch.events(), batch.stored())));
        findings.addAll(found);
        alerts.record(tenantId, found);
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

    /**
     * Collects events into batches and stores them; detection runs over the stored batches once the body has been read
     * (or once {@link #DETECT_LATER_LIMIT} events wait for it, and from then on batch by batch).
     */
    private final class StoringListener implements ParseListener {
        private final long tenantId;
        private final List<Finding> findings;
        private final List<NormalizedEvent> batch = new ArrayList<>(BATCH_SIZE);
        private final List<StoredBatch> undetected = new ArrayList<>();
        private final List<IngestResult.RejectionView> listed = new ArrayList<>();
        private TenantDetection.Session session;
        private int waiting;
        private long received;
        private long accepted;
        private long rejected;
        private long skipped;

        StoringListener(long tenantId, List<Finding> findings) {
            this.tenantId = tenantId;
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
            if (batch.isEmpty()) {
                return;
            }
            StoredBatch stored = insert(tenantId, new ArrayList<>(batch));
            batch.clear();
            accepted += stored.stored().size();
            undetected.add(stored);
            waiting += stored.events().size();
            if (session != null || waiting >= DETECT_LATER_LIMIT) {
                detection();
            }
        }

        /** Enters the tenant's detection, if not yet, and runs it over every stored batch that waits for it. */
        TenantDetection.Session detection() {
            if (session == null) {
                session = IngestService.this.detection.open(tenantId);
            }
            undetected.forEach(stored -> detect(tenantId, session, stored, findings));
            undetected.clear();
            waiting = 0;
            return session;
        }

        IngestResult result() {
            return new IngestResult(
                    accepted, received - accepted, rejected, skipped, List.copyOf(listed), rejected > listed.size());
        }
    }
}
