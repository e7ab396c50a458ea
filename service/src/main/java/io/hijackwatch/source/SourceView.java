package io.hijackwatch.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A source as the API shows it. Settings are shown as stored: secret settings only ever hold references.
 *
 * @param lagSeconds how far behind now the source has been read, when its collector reports a position
 */
record SourceView(
        long id,
        String name,
        String kind,
        Map<String, String> settings,
        boolean paused,
        String status,
        String lastError,
        Instant lastSuccessAt,
        Instant position,
        Double lagSeconds,
        long eventsTotal,
        Instant nextPollAt,
        Instant createdAt,
        Instant updatedAt) {

    static SourceView of(Source source, Clock clock) {
        Double lag = source.position() == null
                ? null
                : Duration.between(source.position(), clock.instant()).toMillis() / 1000.0;
        return new SourceView(
                source.id(),
                source.name(),
                source.kind(),
                source.settings(),
                source.paused(),
                source.status(),
                source.lastError(),
                source.lastSuccessAt(),
                source.position(),
                lag,
                source.eventsTotal(),
                source.nextPollAt(),
                source.createdAt(),
                source.updatedAt());
    }
}
