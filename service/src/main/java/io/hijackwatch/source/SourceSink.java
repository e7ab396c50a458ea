package io.hijackwatch.source;

import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.LeaseLostException;
import io.hijackwatch.database.TenantScope;
import io.hijackwatch.ingest.IngestService.StoredEvents;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one source's batches for the replica that holds its lease. Each batch is one transaction: the source's row
 * is locked and the lease checked (fencing: a replica that lost the source stores nothing), then the events, the
 * detection state and alerts they produce, the rejections and the cursor are written together.
 */
final class SourceSink implements BatchSink {

    private static final Logger log = LoggerFactory.getLogger(SourceSink.class);

    private final SourceRuntime runtime;
    private final Source source;
    private final Lease lease;
    private final PollControl control;
    private long stored;
    private Cursor cursor;

    SourceSink(SourceRuntime runtime, Source source, Lease lease, PollControl control) {
        this.runtime = runtime;
        this.source = source;
        this.lease = lease;
        this.control = control;
        this.cursor = source.cursor();
    }

    @Override
    public void commit(Batch batch) {
        if (control.leaseLost()) {
            throw new LeaseLostException("Source " + source.id() + " is held by another replica now.");
        }
        StoredEvents result;
        try (TenantScope scope = TenantScope.enter(lease.tenantId())) {
            result = runtime.transactions.execute(status -> store(batch));
        }
        stored += result.stored();
        cursor = batch.cursor();
        runtime.metrics.events(source, result.stored());
        runtime.metrics.position(source, batch.position());
        log.debug(
                "Stored {} new and {} duplicate events; the cursor is now {}",
                result.stored(),
                result.duplicates(),
                batch.cursor());
    }

    private StoredEvents store(Batch batch) {
        SourceStore.LeaseState state = runtime.store.lockIfHeld(lease).orElseThrow(this::leaseLost);
        if (state.paused() || state.revision() != source.revision()) {
            control.requestStop(true);
        }
        StoredEvents result = runtime.ingest.storeInTransaction(lease.tenantId(), batch.events());
        List<String> reasons =
                batch.rejections().stream().map(Rejection::reason).toList();
        runtime.store.addRejections(lease.tenantId(), lease.sourceId(), reasons);
        runtime.store.saveProgress(
                lease, batch.cursor(), batch.position(), result.stored(), runtime.properties.leaseTtl());
        return result;
    }

    private LeaseLostException leaseLost() {
        control.leaseLost(true);
        return new LeaseLostException("Source " + source.id() + " is held by another replica now; nothing was stored.");
    }

    @Override
    public boolean stopRequested() {
        return control.stopRequested();
    }

    /** The cursor of the last batch stored, or the one the poll started from. */
    Cursor cursor() {
        return cursor;
    }

    /** How many new events this sink stored. */
    long stored() {
        return stored;
    }
}
