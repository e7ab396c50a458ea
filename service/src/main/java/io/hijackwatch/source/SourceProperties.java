package io.hijackwatch.source;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the operator decides about pull sources, under {@code hijackwatch.sources}.
 *
 * @param enabled whether this replica polls sources; off for replicas that only serve the API
 * @param pollInterval how long a source that is caught up waits before its next poll
 * @param threads how many sources this replica polls at the same time
 * @param leaseTtl how long a claim on a source lasts without renewal; a replica that stops renewing (a crash, a
 *     partition) loses the source to another after this long
 * @param progressInterval how often each source writes its INFO progress line at most
 * @param backoff how a source that failed waits before the next try
 * @param secrets which secret references tenants may use
 * @param endpoints endpoint overrides by name, handed to every collector (tenants cannot set endpoints)
 */
@ConfigurationProperties("hijackwatch.sources")
public record SourceProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1m") Duration pollInterval,
        @DefaultValue("4") int threads,
        @DefaultValue("2m") Duration leaseTtl,
        @DefaultValue("1m") Duration progressInterval,
        @DefaultValue Backoff backoff,
        @DefaultValue Secrets secrets,
        Map<String, URI> endpoints) {

    public SourceProperties {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        if (threads < 1) {
            throw new IllegalArgumentException("hijackwatch.sources.threads must be at least 1");
        }
    }

    /**
     * @param base the wait after the first transient failure; it doubles with each further one
     * @param cap the longest wait after transient failures
     * @param permanent the wait after a failure that needs a person (access denied, a queue that does not exist)
     */
    public record Backoff(
            @DefaultValue("30s") Duration base,
            @DefaultValue("30m") Duration cap,
            @DefaultValue("1h") Duration permanent) {}

    /**
     * @param envPrefix only environment variables whose name starts with this may be referenced
     * @param directories a {@code file:} reference must resolve, links followed, to a file inside one of these
     */
    public record Secrets(
            @DefaultValue("HIJACKWATCH_SECRET_") String envPrefix,
            @DefaultValue("/var/run/secrets/hijackwatch") List<Path> directories) {}
}
