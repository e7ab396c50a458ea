package io.hijackwatch.baseline;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.database.TenantScope;
import io.hijackwatch.ingest.IngestResult;
import io.hijackwatch.ingest.IngestService;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A tenant of a running service, fed events through the ingestion service and read through the REST API. */
final class BaselineTestSupport {

    final long tenantId;
    final String key;
    private final IngestService ingest;
    private final ApiClient api;

    BaselineTestSupport(TenantRepository tenants, IngestService ingest, int port) {
        this(tenants.createTenant("baselines-" + UUID.randomUUID()), tenants, ingest, port);
    }

    private BaselineTestSupport(long tenantId, TenantRepository tenants, IngestService ingest, int port) {
        this(tenantId, tenants.createKey(tenantId, "admin", Role.ADMIN, null), ingest, port);
    }

    /** An existing tenant, reached through another running instance of the service. */
    BaselineTestSupport(long tenantId, String key, IngestService ingest, int port) {
        this.tenantId = tenantId;
        this.key = key;
        this.ingest = ingest;
        this.api = new ApiClient(port);
    }

    /** Ingests as an API request does: inside the tenant's scope, under row-level security. */
    IngestResult ingest(List<NormalizedEvent> events) {
        try (TenantScope scope = TenantScope.enter(tenantId)) {
            return ingest.ingest(tenantId, new EventListParser(events), new ByteArrayInputStream(new byte[0]));
        }
    }

    /** Every alert of the tenant, newest first, optionally of one rule. */
    List<JsonNode> alerts(String rule) {
        String path = "/api/v1/alerts?limit=500" + (rule == null ? "" : "&rule=" + rule);
        List<JsonNode> alerts = new ArrayList<>();
        api.call("GET", path, key, null).body().get("items").forEach(alerts::add);
        return alerts;
    }

    ApiClient.Reply call(String method, String path, String json) {
        return api.call(method, path, key, json);
    }
}
