package io.hijackwatch.source;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code sources} health component: how many sources, over all tenants, are polling, failing or paused, and
 * whether this replica polls. Up even when sources fail, since a failing source needs its tenant, not a restart; it
 * is not part of readiness for the same reason.
 */
@Component
class SourcesHealthIndicator extends AbstractHealthIndicator {

    private final SourceStore store;
    private final SourceProperties properties;

    SourcesHealthIndicator(SourceStore store, SourceProperties properties) {
        super("Could not count sources");
        this.store = store;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SourceStore.Counts counts = store.counts();
        builder.up()
                .withDetail("active", counts.active())
                .withDetail("failing", counts.failing())
                .withDetail("paused", counts.paused())
                .withDetail("pollingOnThisReplica", properties.enabled());
    }
}
