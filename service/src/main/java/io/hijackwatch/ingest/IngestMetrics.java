package io.hijackwatch.ingest;

import io.hijackwatch.detect.Finding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What ingestion reports to Prometheus: records by what became of them, findings by rule and severity, and how long
 * storing and detecting a request took. Counted after the request's transaction committed, so a rolled-back request
 * counts nothing.
 */
@Component
class IngestMetrics {

    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recordRequest(String format, IngestResult result, Duration took) {
        records(format, "stored").increment(result.accepted());
        records(format, "duplicate").increment(result.duplicates());
        records(format, "rejected").increment(result.rejected());
        records(format, "skipped").increment(result.skipped());
        Timer.builder("hijackwatch.ingest.duration")
                .description("Time to parse, store and run detection on one request")
                .tag("format", format)
                .register(registry)
                .record(took);
    }

    void recordFindings(List<Finding> findings) {
        for (Finding finding : findings) {
            Counter.builder("hijackwatch.detect.findings")
                    .description("Rule findings, before they are merged into alerts")
                    .tag("rule", finding.rule().id())
                    .tag("severity", finding.severity().id())
                    .register(registry)
                    .increment();
        }
    }

    private Counter records(String format, String result) {
        return Counter.builder("hijackwatch.ingest.records")
                .description("Records received by ingestion, by what became of them")
                .tag("format", format)
                .tag("result", result)
                .register(registry);
    }
}
