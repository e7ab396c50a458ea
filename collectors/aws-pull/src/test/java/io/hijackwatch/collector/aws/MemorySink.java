package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps committed batches in memory, and can be told to fail commits or to ask for a stop. */
final class MemorySink implements BatchSink {

    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Runnable beforeCommit = () -> {};
    private volatile boolean stop;

    @Override
    public void commit(Batch batch) {
        beforeCommit.run();
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new IllegalStateException("The database is not reachable");
        }
        batches.add(batch);
    }

    @Override
    public boolean stopRequested() {
        return stop;
    }

    void failNextCommits(int count) {
        failuresLeft.set(count);
    }

    void beforeCommit(Runnable action) {
        this.beforeCommit = action;
    }

    void requestStop() {
        stop = true;
    }

    List<Batch> batches() {
        return List.copyOf(batches);
    }

    List<String> eventIds() {
        return batches.stream()
                .flatMap(batch -> batch.events().stream())
                .map(NormalizedEvent::eventId)
                .toList();
    }

    List<String> rejectionReasons() {
        return batches.stream()
                .flatMap(batch -> batch.rejections().stream())
                .map(Rejection::reason)
                .toList();
    }
}
