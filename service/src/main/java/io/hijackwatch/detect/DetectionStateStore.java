package io.hijackwatch.detect;

import io.hijackwatch.detect.DetectionState.Entry;
import io.hijackwatch.detect.DetectionState.Key;
import io.hijackwatch.detect.DetectionState.Kind;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Detection state rows of a tenant, read whole and written as changes. */
@Repository
class DetectionStateStore {

    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {};

    private static final String LOCK_TENANT = """
            SELECT pg_advisory_xact_lock(7301, CAST(:tenantId % 2147483647 AS integer))
            """;

    private static final String READ_VERSION = """
            SELECT version FROM detection_state_version WHERE tenant_id = :tenantId
            """;

    private static final String BUMP_VERSION = """
            INSERT INTO detection_state_version (tenant_id, version) VALUES (:tenantId, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET version = detection_state_version.version + 1
            RETURNING version
            """;

    private static final String READ_ALL = """
            SELECT rule_id, kind, state_key, payload, expires_at FROM detection_state WHERE tenant_id = :tenantId
            """;

    private static final String UPSERT = """
            INSERT INTO detection_state (tenant_id, rule_id, kind, state_key, payload, expires_at)
            SELECT :tenantId, s.rule_id, s.kind, s.state_key, s.payload::jsonb, s.expires_at::timestamptz
            FROM unnest(:ruleIds::text[], :kinds::text[], :keys::text[], :payloads::text[], :expiries::text[])
                 AS s (rule_id, kind, state_key, payload, expires_at)
            ON CONFLICT (tenant_id, rule_id, kind, state_key)
            DO UPDATE SET payload = excluded.payload, expires_at = excluded.expires_at
            """;

    private static final String DELETE_KEYS = """
            DELETE FROM detection_state
            WHERE tenant_id = :tenantId
              AND (rule_id, kind, state_key) IN (
                  SELECT * FROM unnest(:ruleIds::text[], :kinds::text[], :keys::text[]))
            """;

    private static final String DELETE_EXPIRED = """
            DELETE FROM detection_state WHERE tenant_id = :tenantId AND expires_at < :watermark
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DetectionStateStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Serializes detection for the tenant across threads and replicas until the transaction ends. */
    void lock(long tenantId) {
        jdbc.sql(LOCK_TENANT).param("tenantId", tenantId).query().singleRow();
    }

    long version(long tenantId) {
        return jdbc.sql(READ_VERSION)
                .param("tenantId", tenantId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    DetectionState read(long tenantId) {
        DetectionState state = new DetectionState();
        jdbc.sql(READ_ALL)
                .param("tenantId", tenantId)
                .query((row, n) -> {
                    Kind kind = Kind.fromCode(row.getString("kind"));
                    Timestamp expires = row.getTimestamp("expires_at");
                    long expiresAt = expires == null ? Long.MAX_VALUE : expires.getTime();
                    Map<String, Object> payload = json.readValue(row.getString("payload"), PAYLOAD);
                    state.restore(
                            new Key(row.getString("rule_id"), kind, row.getString("state_key")),
                            Entry.fromPayload(kind, payload, expiresAt));
                    return null;
                })
                .list();
        return state;
    }

    /** Writes the changes and returns the tenant's new state version. */
    long write(long tenantId, DetectionState.Changes changes, long watermark) {
        upsert(tenantId, changes.written());
        delete(tenantId, List.copyOf(changes.removed()));
        if (watermark != Long.MIN_VALUE) {
            jdbc.sql(DELETE_EXPIRED)
                    .param("tenantId", tenantId)
                    .param("watermark", Timestamp.from(Instant.ofEpochMilli(watermark)))
                    .update();
        }
        return jdbc.sql(BUMP_VERSION)
                .param("tenantId", tenantId)
                .query(Long.class)
                .single();
    }

    private void upsert(long tenantId, Map<Key, Entry> written) {
        if (written.isEmpty()) {
            return;
        }
        List<String> ruleIds = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        List<String> expiries = new ArrayList<>();
        written.forEach((key, entry) -> {
            ruleIds.add(key.ruleId());
            kinds.add(key.kind().code());
            keys.add(key.key());
            payloads.add(json.writeValueAsString(entry.payload()));
            expiries.add(
                    entry.expiresAt() == Long.MAX_VALUE
                            ? null
                            : Instant.ofEpochMilli(entry.expiresAt()).toString());
        });
        jdbc.sql(UPSERT)
                .param("tenantId", tenantId)
                .param("ruleIds", ruleIds.toArray(String[]::new))
                .param("kinds", kinds.toArray(String[]::new))
                .param("keys", keys.toArray(String[]::new))
                .param("payloads", payloads.toArray(String[]::new))
                .param("expiries", expiries.toArray(String[]::new))
                .update();
    }

    private void delete(long tenantId, List<Key> removed) {
        if (removed.isEmpty()) {
            return;
        }
        jdbc.sql(DELETE_KEYS)
                .param("tenantId", tenantId)
                .param("ruleIds", removed.stream().map(Key::ruleId).toArray(String[]::new))
                .param("kinds", removed.stream().map(key -> key.kind().code()).toArray(String[]::new))
                .param("keys", removed.stream().map(Key::key).toArray(String[]::new))
                .update();
    }
}
