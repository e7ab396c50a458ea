package io.hijackwatch.scan;

import io.hijackwatch.alert.Alert;
import io.hijackwatch.alert.AlertMerger;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.detect.DetectionEngine;
import io.hijackwatch.detect.DetectionState;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Detection for one scan: one thread, state in memory for the run, findings merged into alerts. The rules load while
 * the first files are parsed. Events arrive file
 * by file in name order; within a chunk they are taken in time order, since CloudTrail writes a file's events in no
 * particular order.
 */
final class ScanDetection {

    private final CompletableFuture<DetectionEngine> loading;
    private DetectionEngine engine;
    private final DetectionState state = new DetectionState();
    private final AlertMerger alerts = new AlertMerger();
    private long findings;

    /** @param loading the rules, still loading while the first files are parsed */
    ScanDetection(CompletableFuture<DetectionEngine> loading) {
        this.loading = loading;
    }

    void accept(List<NormalizedEvent> chunk) {
        if (engine == null) {
            engine = loading.join();
        }
        List<NormalizedEvent> inTimeOrder = chunk.stream()
                .sorted(Comparator.comparing(NormalizedEvent::time))
                .toList();
        for (NormalizedEvent event : inTimeOrder) {
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
}
