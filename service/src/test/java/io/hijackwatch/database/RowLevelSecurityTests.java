package io.hijackwatch.database;

import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Row-level security keeps a tenant's requests to its own rows even where a query forgets the tenant filter. */
@ServiceTest
class RowLevelSecurityTests {

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    JdbcClient jdbc;

    long first;
    long second;

    @BeforeEach
    void twoTenantsWithTheSameEvents() {
        ApiClient api = new ApiClient(port);
        first = tenants.createTenant("rls-a-" + UUID.randomUUID());
        second = tenants.createTenant("rls-b-" + UUID.randomUUID());
        byte[] body = deliveryFile(List.of(quotaIncrease("rls-1", "2024-12-16T03:10:00Z", "rls-user", 512)))
                .getBytes(StandardCharsets.UTF_8);
        for (long tenant : new long[] {first, second}) {
            String key = tenants.createKey(tenant, "ingest", Role.ADMIN, null);
            assertThat(api.postEvents(key, "cloudtrail", "application/json", body)
                            .status())
                    .isEqualTo(202);
        }
    }

    @Test
    void everyTableWithATenantColumnHasAPolicy() {
        List<String> unprotected = jdbc.sql("""
                        SELECT c.table_name FROM information_schema.columns c
                        JOIN pg_class t ON t.relname = c.table_name AND t.relkind = 'r'
                        WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id'
                          AND (NOT t.relrowsecurity OR NOT EXISTS (
                               SELECT 1 FROM pg_policies p
                               WHERE p.schemaname = current_schema() AND p.tablename = c.table_name))
                        """).query(String.class).list();

        assertThat(unprotected).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM pg_policies WHERE tablename = 'alert'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void queryWithoutATenantFilterSeesOnlyTheScopedTenantsRows() {
        try (TenantScope scope = TenantScope.enter(first)) {
            assertThat(jdbc.sql("SELECT DISTINCT tenant_id FROM event")
                            .query(Long.class)
                            .list())
                    .containsExactly(first);
            assertThat(jdbc.sql("SELECT DISTINCT tenant_id FROM alert")
                            .query(Long.class)
                            .list())
                    .containsExactly(first);
            assertThat(jdbc.sql("SELECT id FROM tenant").query(Long.class).list())
                    .containsExactly(first);
            assertThat(jdbc.sql("SELECT current_user").query(String.class).single())
                    .isEqualTo(TenantScopedDataSource.ROLE);
        }
    }

    @Test
    void writingAnotherTenantsRowIsRefusedAndChangesNothing() {
        try (TenantScope scope = TenantScope.enter(first)) {
            assertThatThrownBy(() -> jdbc.sql("""
                                    INSERT INTO suppression (tenant_id, rule_id, reason) VALUES (:tenant, 'x', 'y')
                                    """).param("tenant", second).update())
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .hasMessageContaining("violates row-level security policy");
            int updated = jdbc.sql("UPDATE alert SET status = 'resolved' WHERE tenant_id = :tenant")
                    .param("tenant", second)
                    .update();
            assertThat(updated).isZero();
        }
        assertThat(jdbc.sql("SELECT status FROM alert WHERE tenant_id = :tenant")
                        .param("tenant", second)
                        .query(String.class)
                        .single())
                .isEqualTo("open");
    }

    @Test
    void connectionsOutsideAScopeAreTheServicesOwnAgain() {
        try (TenantScope scope = TenantScope.enter(first)) {
            jdbc.sql("SELECT 1").query(Integer.class).single();
        }

        for (int i = 0; i < 20; i++) {
            assertThat(jdbc.sql("SELECT current_user").query(String.class).single())
                    .isNotEqualTo(TenantScopedDataSource.ROLE);
        }
        assertThat(jdbc.sql("SELECT count(DISTINCT tenant_id) FROM event WHERE tenant_id IN (:a, :b)")
                        .param("a", first)
                        .param("b", second)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }
}
