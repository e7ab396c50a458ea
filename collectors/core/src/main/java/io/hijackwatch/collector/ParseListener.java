package io.hijackwatch.collector;

/** Receives what a parser finds, record by record, in input order. */
public interface ParseListener {

    void onEvent(NormalizedEvent event);

    void onRejected(Rejection rejection);

    /**
     * A record that is well formed but carries no event, such as a CloudTrail digest file.
     *
     * @param index the record's position in its input
     * @param what a short description of what was skipped
     */
    default void onSkipped(long index, String what) {}
}
