package io.hijackwatch.collector.azure.pull;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The wait Azure asks for after throttling: {@code retry-after-ms} or {@code x-ms-retry-after-ms} in milliseconds,
 * else {@code Retry-After} in seconds or as an HTTP date.
 */
final class RetryAfter {

    private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
    private static final HttpHeaderName X_MS_RETRY_AFTER_MS = HttpHeaderName.fromString("x-ms-retry-after-ms");

    private RetryAfter() {}

    static Optional<Duration> of(HttpHeaders headers) {
        for (HttpHeaderName name : new HttpHeaderName[] {RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS}) {
            Optional<Long> millis = number(headers.getValue(name));
            if (millis.isPresent()) {
                return millis.map(Duration::ofMillis);
            }
        }
        String value = headers.getValue(HttpHeaderName.RETRY_AFTER);
        Optional<Long> seconds = number(value);
        return seconds.isPresent() ? seconds.map(Duration::ofSeconds) : date(value);
    }

    private static Optional<Long> number(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> date(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
