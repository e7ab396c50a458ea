package io.hijackwatch.scan;

import io.hijackwatch.alert.Alert;
import io.hijackwatch.alert.AlertMerger;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.detect.DetectionEngine;
import io.hijackwatch.detect.DetectionState;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Detection for one scan: one thread, state in memory for the run, findings merged into alerts. Events arrive file
 * by file in name order; within a chunk they are taken in time order, since CloudTrail writes a file's events in no
 * particular order.
 */
final class ScanDetection {

    private final DetectionEngine engine;
    private final DetectionState state = new DetectionState();
    private final AlertMerger alerts = new AlertMerger();
    private long findings;

    ScanDetection(DetectionEngine engine) {
        this.engine = engine;
    }

    void accept(List<NormalizedEvent> chunk) {
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

    List<Alert> alerts() {
        return alerts.alerts();
    }

    long findings() {
        return findings;
    }
}
