package io.hijackwatch.collector.pull;

/**
 * Fetches one source's new events. The service calls it from one thread of one replica at a time, and closes it
 * when the source is paused, changed or deleted.
 */
public interface SourceCollector extends AutoCloseable {

    /**
     * Reads what is new after the cursor and commits it through the sink, batch by batch. Returns when the source has
     * nothing more for now, when the sink asks to stop, or after a batch when reading on would take long (the service
     * polls again at once when {@link PollResult#more()} says so).
     *
     * <p>Anything a collector must do once events are safely stored (deleting an SQS message) it does after the
     * sink's {@link BatchSink#commit} returns, never before.
     *
     * @param cursor where the last committed batch left off; {@link Cursor#initial()} for a new source
     * @throws CollectorException when the source cannot be read; batches committed before stay committed
     */
    PollResult poll(Cursor cursor, BatchSink sink) throws CollectorException;

    /**
     * Makes the cheapest call that proves the settings and credentials work, without storing anything.
     *
     * @return what was reached, in a sentence for the person who registered the source
     * @throws CollectorException with a reason the person can act on
     */
    String testConnection() throws CollectorException;

    @Override
    default void close() {}
}
