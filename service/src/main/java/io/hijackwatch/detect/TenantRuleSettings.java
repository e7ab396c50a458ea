package io.hijackwatch.detect;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which rules each tenant has turned off. */
@Repository
public class TenantRuleSettings {

    private static final String DISABLED = """
            SELECT rule_id FROM tenant_rule_setting WHERE tenant_id = :tenantId AND NOT enabled
            """;

    private static final String SET_ENABLED = """
            INSERT INTO tenant_rule_setting (tenant_id, rule_id, enabled) VALUES (:tenantId, :ruleId, :enabled)
            ON CONFLICT (tenant_id, rule_id) DO UPDATE SET enabled = excluded.enabled, updated_at = now()
            """;

    private final JdbcClient jdbc;

    TenantRuleSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Set<String> disabledRules(long tenantId) {
        return jdbc.sql(DISABLED).param("tenantId", tenantId).query(String.class).list().stream()
                .collect(Collectors.toUnmodifiableSet());
    }

    public void setEnabled(long tenantId, String ruleId, boolean enabled) {
        jdbc.sql(SET_ENABLED)
                .param("tenantId", tenantId)
                .param("ruleId", ruleId)
                .param("enabled", enabled)
                .update();
    }
}
