package io.hijackwatch.collector.azure.pull;

import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryStrategy;
import java.time.Duration;
import java.util.Optional;

/**
 * Retries throttled, failed and dropped calls to Azure Resource Manager with exponential backoff and jitter. The
 * pipeline's retry policy waits what Azure asks for in {@code Retry-After} when it says; a wait longer than a poll
 * should take is not retried here, so the 429 reaches the collector, which hands the wait to the service.
 */
final class ArmRetryStrategy implements RetryStrategy {

    private final ExponentialBackoff backoff;
    private final RetryTuning tuning;

    ArmRetryStrategy(RetryTuning tuning) {
        this.backoff = new ExponentialBackoff(tuning.maxRetries(), tuning.baseDelay(), tuning.maxDelay());
        this.tuning = tuning;
    }

    @Override
    public int getMaxRetries() {
        return tuning.maxRetries();
    }

    @Override
    public Duration calculateRetryDelay(int retryAttempts) {
        return backoff.calculateRetryDelay(retryAttempts);
    }

    @Override
    public boolean shouldRetryCondition(RequestRetryCondition condition) {
        HttpResponse response = condition.getResponse();
        if (response == null) {
            return RetryStrategy.super.shouldRetryCondition(condition);
        }
        if (!shouldRetry(response)) {
            return false;
        }
        Optional<Duration> wait = RetryAfter.of(response.getHeaders());
        return wait.isEmpty() || wait.get().compareTo(tuning.longestWaitInPoll()) <= 0;
    }
}
