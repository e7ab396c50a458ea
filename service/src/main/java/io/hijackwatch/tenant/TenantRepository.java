package io.hijackwatch.tenant;

import java.time.Instant;
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

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
