package io.hijackwatch.source;

import io.hijackwatch.collector.pull.SourceCollector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collectors one replica keeps open between polls, each for the revision of its source's settings it was opened
 * with. A source that was changed gets a new collector; one that was paused or deleted has its collector closed.
 */
final class OpenCollectors {

    private static final Logger log = LoggerFactory.getLogger(OpenCollectors.class);

    private final SourceRuntime runtime;
    private final Map<Long, Open> open = new ConcurrentHashMap<>();

    OpenCollectors(SourceRuntime runtime) {
        this.runtime = runtime;
    }

    private record Open(long revision, SourceCollector collector) {}

    /** The open collector for the source's current settings, opened now when there is none. */
    SourceCollector collectorFor(Source source) {
        Open existing = open.get(source.id());
        if (existing != null && existing.revision() == source.revision()) {
            return existing.collector();
        }
        discard(source.id());
        SourceCollector collector = runtime.open(source);
        open.put(source.id(), new Open(source.revision(), collector));
        return collector;
    }

    void discard(long sourceId) {
        Open removed = open.remove(sourceId);
        if (removed != null) {
            close(sourceId, removed.collector());
        }
    }

    /** Closes the collectors, other than those of running polls, whose source was paused, changed or deleted. */
    void closeStale(Set<Long> running) {
        List<Long> idle =
                open.keySet().stream().filter(id -> !running.contains(id)).toList();
        if (idle.isEmpty()) {
            return;
        }
        Map<Long, SourceStore.LeaseState> current = runtime.store.current(idle);
        for (Long id : idle) {
            SourceStore.LeaseState state = current.get(id);
            Open entry = open.get(id);
            if (state == null) {
                runtime.metrics.forget(id);
                discard(id);
            } else if (entry != null && (state.paused() || state.revision() != entry.revision())) {
                discard(id);
            }
        }
    }

    void closeAll() {
        List.copyOf(open.keySet()).forEach(this::discard);
    }

    private static void close(long sourceId, SourceCollector collector) {
        try {
            collector.close();
            log.debug("Closed the collector of source {}", sourceId);
        } catch (RuntimeException e) {
            log.warn("The collector of source {} failed to close: {}", sourceId, e.getMessage());
        }
    }
}
