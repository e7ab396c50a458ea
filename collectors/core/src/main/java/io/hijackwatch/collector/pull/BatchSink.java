package io.hijackwatch.collector.pull;

/** Where a collector hands what it read. */
public interface BatchSink {

    /**
     * Stores the batch's events, what detection makes of them and its cursor in one transaction. When this returns,
     * all of it is durable; when it throws, none of it is, and the collector's poll should end by rethrowing.
     *
     * @throws LeaseLostException when another replica has taken the source over; nothing was stored
     */
    void commit(Batch batch);

    /** Whether the service is shutting down or has given the source to another replica: stop after this batch. */
    boolean stopRequested();
}
