package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.Cursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers events and rejections and commits them through the sink whenever a batch is full, so a large file never
 * sits in memory as a whole. Every batch carries the same cursor and position, those of what is being read.
 */
final class BatchBuffer {

    private final BatchSink sink;
    private final int batchSize;
    private final List<NormalizedEvent> events = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final Cursor cursor;
    private final Instant position;
    private long committedEvents;

    BatchBuffer(BatchSink sink, int batchSize, Cursor cursor, Instant position) {
        this.sink = sink;
        this.batchSize = batchSize;
        this.cursor = cursor;
        this.position = position;
    }

    void add(NormalizedEvent event) {
        events.add(event);
        commitIfFull();
    }

    void reject(Rejection rejection) {
        rejections.add(rejection);
        commitIfFull();
    }

    /** Commits what is left, even nothing, so that the cursor and position of the last batch are stored. */
    void flush() {
        commit();
    }

    long committedEvents() {
        return committedEvents;
    }

    private void commitIfFull() {
        if (events.size() + rejections.size() >= batchSize) {
            commit();
        }
    }

    private void commit() {
        sink.commit(new Batch(events, rejections, cursor, position));
        committedEvents += events.size();
        events.clear();
        rejections.clear();
    }
}
