package io.hijackwatch.tenant;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Requests per API key, in one-second windows, counted apart for ingestion and for the rest of the API so that a
 * busy log shipper does not lock its tenant's people out. The counts are per replica.
 */
@Component
class RateLimits {

    /** Which budget a request draws on. */
    enum Budget {
        INGEST,
        API
    }

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final RateLimiterConfig ingest;
    private final RateLimiterConfig api;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    RateLimits(
            @Value("${hijackwatch.rate-limit.ingest-per-minute:600}") int ingestPerMinute,
            @Value("${hijackwatch.rate-limit.api-per-minute:1200}") int apiPerMinute) {
        this.ingest = config(ingestPerMinute);
        this.api = config(apiPerMinute);
    }

    private static RateLimiterConfig config(int perMinute) {
        return RateLimiterConfig.custom()
                .limitRefreshPeriod(WINDOW)
                .limitForPeriod(Math.max(1, perMinute / 60))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    /** @throws RateLimitedException when the key has no request left in this window */
    void check(ApiKeyPrincipal key, Budget budget) {
        String name = budget.name() + ':' + key.keyId();
        RateLimiter limiter =
                limiters.computeIfAbsent(name, id -> RateLimiter.of(id, budget == Budget.INGEST ? ingest : api));
        if (!limiter.acquirePermission()) {
            throw new RateLimitedException(
                    "This API key has sent too many requests; retry after the time in Retry-After.",
                    retryAfterSeconds(limiter));
        }
    }

    private static long retryAfterSeconds(RateLimiter limiter) {
        if (limiter instanceof AtomicRateLimiter atomic) {
            long nanos = atomic.getDetailedMetrics().getNanosToWait();
            return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        }
        return WINDOW.toSeconds();
    }
}
