package io.hijackwatch.source;

import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * The upstream the {@code test-feed} kind reads: in-memory feeds of CloudTrail records, by name, that a test fills,
 * makes fail, slows down or holds at a gate, and that remember how they were read.
 */
public final class TestFeeds {

    private static final Map<String, Feed> FEEDS = new ConcurrentHashMap<>();

    private TestFeeds() {}

    public static Feed feed(String name) {
        return FEEDS.computeIfAbsent(name, Feed::new);
    }

    /** One feed: its records in order, and what happened to it. */
    public static final class Feed {
        public final String name;
        private final List<String> records = new ArrayList<>();
        private final Deque<CollectorException> failures = new ArrayDeque<>();
        private final List<Cursor> cursorsSeen = new ArrayList<>();
        private final AtomicInteger polling = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger served = new AtomicInteger();
        final List<Throwable> commitErrors = new CopyOnWriteArrayList<>();
        final List<String> pollThreads = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> logContexts = new CopyOnWriteArrayList<>();
        volatile String requiredToken;
        volatile long millisPerBatch;
        private volatile CountDownLatch gate;
        private final CountDownLatch atGate = new CountDownLatch(1);

        private Feed(String name) {
            this.name = name;
        }

        public synchronized Feed append(List<String> more) {
            records.addAll(more);
            return this;
        }

        public synchronized int size() {
            return records.size();
        }

        synchronized List<String> read(int offset, int limit) {
            List<String> chunk = List.copyOf(records.subList(offset, Math.min(records.size(), offset + limit)));
            served.addAndGet(chunk.size());
            return chunk;
        }

        synchronized void failNextPoll(CollectorException failure) {
            failures.add(failure);
        }

        synchronized CollectorException nextFailure() {
            return failures.poll();
        }

        synchronized List<Cursor> cursorsSeen() {
            return List.copyOf(cursorsSeen);
        }

        /** Holds every poll before its next commit until {@link #openGate()}. */
        void closeGate() {
            gate = new CountDownLatch(1);
        }

        void openGate() {
            gate.countDown();
        }

        boolean awaitPollAtGate() throws InterruptedException {
            return atGate.await(30, TimeUnit.SECONDS);
        }

        boolean idle() {
            return polling.get() == 0;
        }

        void entered(Cursor cursor) {
            synchronized (this) {
                cursorsSeen.add(cursor);
            }
            polls.incrementAndGet();
            pollThreads.add(Thread.currentThread().getName());
            Map<String, String> context = MDC.getCopyOfContextMap();
            logContexts.add(context == null ? Map.of() : context);
            int now = polling.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
        }

        void left() {
            polling.decrementAndGet();
        }

        void beforeCommit() throws InterruptedException {
            CountDownLatch current = gate;
            if (current != null) {
                atGate.countDown();
                current.await(30, TimeUnit.SECONDS);
            }
            if (millisPerBatch > 0) {
                Thread.sleep(millisPerBatch);
            }
        }
    }
}
