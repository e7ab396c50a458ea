package io.hijackwatch.alert;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A tenant's suppressions: which new alerts are kept quiet, by rule, account and principal, until when. */
@Repository
class SuppressionStore {

    private static final String INSERT = """
            INSERT INTO suppression (tenant_id, rule_id, account, principal, reason, expires_at)
            VALUES (:tenantId, :ruleId, :account, :principal, :reason, :expiresAt)
            RETURNING id, rule_id, account, principal, reason, expires_at, created_at
            """;

    private static final String LIST = """
            SELECT id, rule_id, account, principal, reason, expires_at, created_at FROM suppression
            WHERE tenant_id = :tenantId ORDER BY id
            """;

    private static final String DELETE = """
            DELETE FROM suppression WHERE tenant_id = :tenantId AND id = :id
            """;

    private final JdbcClient jdbc;

    SuppressionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A suppression as stored. */
    record Suppression(
            long id,
            String ruleId,
            String account,
            String principal,
            String reason,
            Instant expiresAt,
            Instant createdAt) {}

    Suppression create(
            long tenantId, String ruleId, String account, String principal, String reason, Instant expiresAt) {
        return jdbc.sql(INSERT)
                .param("tenantId", tenantId)
                .param("ruleId", ruleId)
                .param("account", account)
                .param("principal", principal)
                .param("reason", reason)
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
                .query(SuppressionStore::suppression)
                .single();
    }

    List<Suppression> list(long tenantId) {
        return jdbc.sql(LIST)
                .param("tenantId", tenantId)
                .query(SuppressionStore::suppression)
                .list();
    }

    boolean delete(long tenantId, long id) {
        return jdbc.sql(DELETE).param("tenantId", tenantId).param("id", id).update() > 0;
    }

    private static Suppression suppression(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        Timestamp expires = row.getTimestamp("expires_at");
        return new Suppression(
                row.getLong("id"),
                row.getString("rule_id"),
                row.getString("account"),
                row.getString("principal"),
                row.getString("reason"),
                expires == null ? null : expires.toInstant(),
                row.getTimestamp("created_at").toInstant());
    }
}
