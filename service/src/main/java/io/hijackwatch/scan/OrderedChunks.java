package io.hijackwatch.scan;

import io.hijackwatch.collector.NormalizedEvent;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The events of one file on their way from the thread that parses it to the thread that runs detection, in chunks,
 * with room for only a few chunks so that a fast parser cannot run ahead of detection by more than that.
 */
final class OrderedChunks {

    private static final int CAPACITY = 16;
    private static final List<NormalizedEvent> END = List.of();

    private final BlockingQueue<List<NormalizedEvent>> queue = new ArrayBlockingQueue<>(CAPACITY);

    void put(List<NormalizedEvent> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        }
    }

    void end() {
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        }
    }

    /** The next chunk, or {@code null} when the file has no more. */
    List<NormalizedEvent> take() {
        try {
            List<NormalizedEvent> chunk = queue.take();
            return chunk == END ? null : chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        }
    }
}
