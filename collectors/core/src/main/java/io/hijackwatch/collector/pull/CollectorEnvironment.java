package io.hijackwatch.collector.pull;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator, not the tenant, decides for every collector.
 *
 * @param endpoints endpoint overrides by name, for private endpoints and for tests against local fakes; the names a
 *     collector reads are listed in its documentation (for example {@code sqs}, {@code s3}, {@code sts},
 *     {@code cloudtrail}, {@code azure-management}, {@code azure-authority}, {@code gcp-logging})
 * @param clock the time collectors compute windows and lag with
 */
public record CollectorEnvironment(Map<String, URI> endpoints, Clock clock) {

    public CollectorEnvironment {
        endpoints = Map.copyOf(endpoints);
    }

    public static CollectorEnvironment defaults() {
        return new CollectorEnvironment(Map.of(), Clock.systemUTC());
    }

    public Optional<URI> endpoint(String name) {
        return Optional.ofNullable(endpoints.get(name));
    }
}
