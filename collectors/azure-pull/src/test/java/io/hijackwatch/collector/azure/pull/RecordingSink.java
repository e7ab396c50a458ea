package io.hijackwatch.collector.azure.pull;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.Cursor;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what was committed, like the store would, and can be told to fail one commit. */
final class RecordingSink implements BatchSink {

    private final List<Batch> committed = new ArrayList<>();
    private int failingCommit;
    private int attempts;
    private Cursor stored = Cursor.initial();

    /** The n-th commit (counting from 1) throws, as a database that went away would. */
    RecordingSink failingOnCommit(int n) {
        failingCommit = n;
        return this;
    }

    @Override
    public void commit(Batch batch) {
        attempts++;
        if (attempts == failingCommit) {
            throw new IllegalStateException("the database went away");
        }
        committed.add(batch);
        stored = batch.cursor();
    }

    @Override
    public boolean stopRequested() {
        return false;
    }

    List<Batch> batches() {
        return committed;
    }

    Cursor storedCursor() {
        return stored;
    }

    List<String> eventIds() {
        return committed.stream()
                .flatMap(batch -> batch.events().stream())
                .map(NormalizedEvent::eventId)
                .toList();
    }
}
