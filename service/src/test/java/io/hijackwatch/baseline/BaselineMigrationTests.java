package io.hijackwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** A database that main already took to row-level security (V6) takes the baselines migration in order. */
class BaselineMigrationTests {

    @Test
    void databaseAtRowLevelSecurityUpgradesToBaselinesWithTheirPolicies() throws SQLException {
        String url = TestDatabase.newDatabaseUrl();
        String user = TestDatabase.server().username();
        flyway(url, user, "6").migrate();

        MigrateResult upgrade = flyway(url, user, "7").migrate();

        assertThat(upgrade.migrations)
                .extracting(migration -> migration.version)
                .containsExactly("7");
        assertThat(policies(url, user))
                .containsExactlyInAnyOrder(
                        "baseline_hour:tenant_rows", "sms_allowed_country:tenant_rows", "sms_message:tenant_rows");
    }

    private static Flyway flyway(String url, String user, String target) {
        return Flyway.configure()
                .dataSource(url, user, null)
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    private static List<String> policies(String url, String user) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, user, null);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT c.relname, p.policyname FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname
                        WHERE c.relname IN ('baseline_hour', 'sms_message', 'sms_allowed_country')
                          AND c.relrowsecurity
                        """)) {
            while (rows.next()) {
                found.add(rows.getString(1) + ":" + rows.getString(2));
            }
        }
        return found;
    }
}
