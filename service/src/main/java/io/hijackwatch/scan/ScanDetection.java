package io.hijackwatch.scan;

import io.hijackwatch.alert.Alert;
import io.hijackwatch.alert.AlertMerger;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.detect.DetectionEngine;
import io.hijackwatch.detect.DetectionState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Detection for one scan: one thread, state in memory for the run, findings merged into alerts. The rules load while
 * the first files are parsed. Events arrive file
 * by file in name order; within a chunk they are taken in time order, since CloudTrail writes a file's events in no
 * particular order.
 */
final class ScanDetection {

    private static final Comparator<NormalizedEvent> IN_TIME_ORDER = Comparator.comparing(NormalizedEvent::time);

    private final CompletableFuture<DetectionEngine> loading;
    private DetectionEngine engine;
    private final DetectionState state = new DetectionState();
    private final AlertMerger alerts = new AlertMerger();
    private long findings;
    private long duplicates;
    private final Map<Provider, RecentIds> recent = new EnumMap<>(Provider.class);

    /** @param loading the rules, still loading while the first files are parsed */
    ScanDetection(CompletableFuture<DetectionEngine> loading) {
        this.loading = loading;
        for (Provider provider : Provider.values()) {
            recent.put(provider, new RecentIds());
        }
    }

    void accept(List<NormalizedEvent> chunk) {
        if (engine == null) {
            engine = loading.join();
        }
        List<NormalizedEvent> inTimeOrder =
                chunk instanceof ArrayList<NormalizedEvent> ours ? ours : new ArrayList<>(chunk);
        inTimeOrder.sort(IN_TIME_ORDER);
        for (NormalizedEvent event : inTimeOrder) {
            if (!recent.get(event.provider()).add(event.eventId())) {
                duplicates++;
                continue;
            }
            engine.evaluate(event, state, Set.of(), finding -> {
                findings++;
                alerts.add(finding);
            });
        }
    }

    /** Waits for the rules, so that their problems are reported even when no event arrived. */
    void finish() {
        if (engine == null) {
            engine = loading.join();
        }
    }

    List<Alert> alerts() {
        return alerts.alerts();
    }

    long findings() {
        return findings;
    }

    /** Events skipped because an event with the same id was seen shortly before. */
    long duplicates() {
        return duplicates;
    }
}
