package io.hijackwatch.source;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What the collectors report to Prometheus, per source (by id, never by name, which a tenant chose) and kind: how far
 * behind each is, how many events it stored, how often it failed and how long its polls took. A replica reports the
 * sources it has polled.
 */
@Component
class SourceMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Long, Tracked> tracked = new ConcurrentHashMap<>();

    SourceMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void position(Source source, Instant position) {
        if (position != null) {
            track(source).position.set(position);
        }
    }

    void events(Source source, long stored) {
        track(source);
        Counter.builder("hijackwatch.collector.events")
                .description("Events a collector stored that were new to the tenant")
                .tags(tags(source))
                .register(registry)
                .increment(stored);
    }

    void error(Source source) {
        track(source);
        Counter.builder("hijackwatch.collector.errors")
                .description("Polls of a source that failed")
                .tags(tags(source))
                .register(registry)
                .increment();
    }

    void poll(Source source, Duration took) {
        track(source);
        Timer.builder("hijackwatch.collector.polls")
                .description("Polls of a source, failed or not, and how long they took")
                .tags(tags(source))
                .register(registry)
                .record(took);
    }

    /** Drops the meters of a source that was deleted. */
    void forget(long sourceId) {
        Tracked gone = tracked.remove(sourceId);
        if (gone != null) {
            registry.getMeters().stream()
                    .filter(meter -> meter.getId().getName().startsWith("hijackwatch.collector."))
                    .filter(meter ->
                            Long.toString(sourceId).equals(meter.getId().getTag("source")))
                    .forEach(registry::remove);
        }
    }

    private Tracked track(Source source) {
        return tracked.computeIfAbsent(source.id(), id -> {
            Tracked created = new Tracked(source.position());
            Gauge.builder("hijackwatch.collector.lag", created, this::lagSeconds)
                    .description("Seconds between now and the time up to which a source has been read")
                    .baseUnit("seconds")
                    .tags(tags(source))
                    .register(registry);
            return created;
        });
    }

    private double lagSeconds(Tracked source) {
        Instant position = source.position.get();
        return position == null
                ? Double.NaN
                : Duration.between(position, clock.instant()).toMillis() / 1000.0;
    }

    private static Tags tags(Source source) {
        return Tags.of("source", Long.toString(source.id()), "kind", source.kind());
    }

    private static final class Tracked {
        final AtomicReference<Instant> position;

        Tracked(Instant position) {
            this.position = new AtomicReference<>(position);
        }
    }
}
