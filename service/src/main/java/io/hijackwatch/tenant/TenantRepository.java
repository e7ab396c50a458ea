package io.hijackwatch.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenants and the hashes of their API keys. */
@Repository
public class TenantRepository {

    private static final String INSERT_TENANT = """
            INSERT INTO tenant (name) VALUES (:name)
            RETURNING id
            """;

    private static final String FIND_TENANT_BY_NAME = """
            SELECT id FROM tenant WHERE name = :name
            """;

    private static final String INSERT_KEY = """
            INSERT INTO api_key (tenant_id, name, key_hash, role, expires_at)
            VALUES (:tenantId, :name, :keyHash, :role, :expiresAt)
            RETURNING id
            """;

    private static final String KEY_EXISTS = """
            SELECT count(*) > 0 FROM api_key WHERE key_hash = :keyHash
            """;

    private static final String FIND_ACTIVE_KEY = """
            SELECT tenant_id, id, role FROM api_key
            WHERE key_hash = :keyHash
              AND revoked_at IS NULL
              AND (expires_at IS NULL OR expires_at > :now)
            """;

    private static final String LIST_TENANTS = """
            SELECT id, name, created_at FROM tenant ORDER BY id
            """;

    private static final String LIST_KEYS = """
            SELECT id, name, role, created_at, expires_at, revoked_at FROM api_key
            WHERE tenant_id = :tenantId ORDER BY id
            """;

    private static final String REVOKE_KEY = """
            UPDATE api_key SET revoked_at = coalesce(revoked_at, now())
            WHERE tenant_id = :tenantId AND id = :id
            """;

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A tenant as the operator sees it. */
    public record TenantView(long id, String name, Instant createdAt) {}

    /** A key as its tenant's admins see it: everything but the key itself, which is never stored. */
    public record KeyView(long id, String name, String role, Instant createdAt, Instant expiresAt, Instant revokedAt) {}

    public List<TenantView> listTenants() {
        return jdbc.sql(LIST_TENANTS)
                .query((row, n) -> new TenantView(
                        row.getLong("id"),
                        row.getString("name"),
                        row.getTimestamp("created_at").toInstant()))
                .list();
    }

    public List<KeyView> listKeys(long tenantId) {
        return jdbc.sql(LIST_KEYS)
                .param("tenantId", tenantId)
                .query((row, n) -> new KeyView(
                        row.getLong("id"),
                        row.getString("name"),
                        row.getString("role"),
                        row.getTimestamp("created_at").toInstant(),
                        instant(row.getTimestamp("expires_at")),
                        instant(row.getTimestamp("revoked_at"))))
                .list();
    }

    /** Revokes one of the tenant's keys; false when the tenant has no key with that id. */
    public boolean revokeKey(long tenantId, long keyId) {
        return jdbc.sql(REVOKE_KEY)
                        .param("tenantId", tenantId)
                        .param("id", keyId)
                        .update()
                > 0;
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    public long createTenant(String name) {
        return jdbc.sql(INSERT_TENANT).param("name", name).query(Long.class).single();
    }

    public Optional<Long> findTenant(String name) {
        return jdbc.sql(FIND_TENANT_BY_NAME)
                .param("name", name)
                .query(Long.class)
                .optional();
    }

    /**
     * Creates a key for the tenant and returns it; only its hash is stored, so this is the one time it is seen.
     *
     * @param expiresAt when the key stops working, or {@code null} for never
     */
    public String createKey(long tenantId, String name, Role role, Instant expiresAt) {
        String key = ApiKeys.newKey();
        addKey(tenantId, name, role, key, expiresAt);
        return key;
    }

    /** Stores the hash of a key chosen by the operator, such as the demo key set through the environment. */
    void addKey(long tenantId, String name, Role role, String key, Instant expiresAt) {
        jdbc.sql(INSERT_KEY)
                .param("tenantId", tenantId)
                .param("name", name)
                .param("keyHash", ApiKeys.hash(key))
                .param("role", role.id())
                .param("expiresAt", expiresAt == null ? null : java.sql.Timestamp.from(expiresAt))
                .query(Long.class)
                .single();
    }

    boolean keyExists(String key) {
        return jdbc.sql(KEY_EXISTS)
                .param("keyHash", ApiKeys.hash(key))
                .query(Boolean.class)
                .single();
    }

    /** The principal of a key that exists, is not revoked and has not expired. */
    Optional<ApiKeyPrincipal> findActiveKey(String key, Instant now) {
        return jdbc.sql(FIND_ACTIVE_KEY)
                .param("keyHash", ApiKeys.hash(key))
                .param("now", java.sql.Timestamp.from(now))
                .query((row, n) -> new ApiKeyPrincipal(
                        row.getLong("tenant_id"), row.getLong("id"), Role.fromId(row.getString("role"))))
                .optional();
    }
}
