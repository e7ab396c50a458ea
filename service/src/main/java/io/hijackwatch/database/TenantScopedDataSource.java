package io.hijackwatch.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out connections set up for the thread's {@link TenantScope}: inside a scope, as the role
 * {@code hijackwatch_tenant} with {@code hijackwatch.tenant_id} set, so that the row-level security policies of the
 * schema apply; outside one, as the service's own role. Every connection is set up when it is taken, so one that
 * served a tenant never carries that tenant to the next user of the pool.
 *
 * <p>When the database has no {@code hijackwatch_tenant} role the service may use (its user could not create it),
 * connections are handed out as they are and a warning says that isolation rests on the tenant filters alone.
 */
final class TenantScopedDataSource extends DelegatingDataSource {

    static final String ROLE = "hijackwatch_tenant";

    private static final Logger log = LoggerFactory.getLogger(TenantScopedDataSource.class);
    private static final String SET_UP =
            "SELECT set_config('role', ?, false), set_config('hijackwatch.tenant_id', ?, false)";
    private static final String ROLE_USABLE = """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hijackwatch_tenant')
                        THEN pg_has_role(current_user, 'hijackwatch_tenant', 'MEMBER')
                        ELSE false END
            """;

    private volatile Boolean enforced;

    TenantScopedDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return setUp(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return setUp(super.getConnection(username, password));
    }

    private Connection setUp(Connection connection) throws SQLException {
        OptionalLong tenant = TenantScope.current();
        if (tenant.isEmpty() && enforced == null) {
            return connection; // no connection has been scoped yet, so none needs setting back
        }
        if (!enforced(connection)) {
            return connection;
        }
        try (PreparedStatement statement = connection.prepareStatement(SET_UP)) {
            statement.setString(1, tenant.isPresent() ? ROLE : "none");
            statement.setString(2, tenant.isPresent() ? Long.toString(tenant.getAsLong()) : "");
            statement.execute();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private boolean enforced(Connection connection) throws SQLException {
        Boolean known = enforced;
        if (known != null) {
            return known;
        }
        try (PreparedStatement statement = connection.prepareStatement(ROLE_USABLE);
                ResultSet row = statement.executeQuery()) {
            boolean usable = row.next() && row.getBoolean(1);
            if (!usable) {
                log.warn(
                        "The database has no role {} that the service may use, so row-level security is not in"
                                + " force; tenants are kept apart by the tenant filter of every query alone.",
                        ROLE);
            }
            enforced = usable;
            return usable;
        }
    }
}
