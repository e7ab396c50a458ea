package io.hijackwatch.collector.testing;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.Cursor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores batches as the service does: events by id (a redelivered id is a duplicate) and the cursor of the last batch
 * committed. It can be told to fail a commit, which stores nothing of that batch.
 */
public final class RecordingSink implements BatchSink {

    private final List<Batch> committed = new ArrayList<>();
    private final Map<String, NormalizedEvent> stored = new LinkedHashMap<>();
    private Cursor cursor = Cursor.initial();
    private int failingCommit;
    private int commits;
    private int stopAfterCommits = Integer.MAX_VALUE;

    public RecordingSink startingAt(Cursor start) {
        cursor = start;
        return this;
    }

    /** The n-th commit from now (counting from 1) throws and stores nothing. */
    public RecordingSink failingCommit(int n) {
        failingCommit = commits + n;
        return this;
    }

    public RecordingSink stoppingAfter(int commitCount) {
        stopAfterCommits = commitCount;
        return this;
    }

    @Override
    public void commit(Batch batch) {
        commits++;
        if (commits == failingCommit) {
            throw new IllegalStateException("the database is gone");
        }
        committed.add(batch);
        batch.events().forEach(event -> stored.putIfAbsent(event.eventId(), event));
        cursor = batch.cursor();
    }

    @Override
    public boolean stopRequested() {
        return committed.size() >= stopAfterCommits;
    }

    public List<Batch> committed() {
        return committed;
    }

    public Map<String, NormalizedEvent> stored() {
        return stored;
    }

    public List<NormalizedEvent> allEvents() {
        return committed.stream().flatMap(batch -> batch.events().stream()).toList();
    }

    public Cursor cursor() {
        return cursor;
    }
}
