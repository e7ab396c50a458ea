package io.hijackwatch.ingest;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.detect.Finding;
import java.util.List;

/**
 * Learns from each batch of events that ingestion stores, inside the transaction that stores it (with the tenant's
 * detection session open), so that what it writes commits or rolls back with the events and alerts.
 */
public interface BatchObserver {

    /**
     * @param all every event of the batch in time order, including those the tenant already had: a later record of
     *     the same id may carry what an earlier one lacked
     * @param stored the events stored for the first time by this batch
     * @return findings to record as alerts with the batch's own
     */
    List<Finding> onBatch(long tenantId, List<NormalizedEvent> all, List<NormalizedEvent> stored);
}
