package io.hijackwatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Events stored before attributes became json keep every attribute through the migration, and stay queryable. */
class EventAttributesMigrationTests {

    @Test
    void eventsStoredWithJsonbAttributesKeepThemAsJson() throws SQLException {
        String url = TestDatabase.newDatabaseUrl();
        String user = TestDatabase.server().username();
        flyway(url, user, "7").migrate();
        try (Connection connection = DriverManager.getConnection(url, user, null);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO tenant (name) VALUES ('before-v8')");
            statement.execute("""
                    INSERT INTO event (tenant_id, provider, event_id, event_time, service, action, outcome, attributes)
                    SELECT id, 'aws', 'e-1', '2024-12-16T18:41:07Z', 'ec2.amazonaws.com', 'RunInstances', 'success',
                           '{"requestParameters.instanceType": "p4d.24xlarge", "requestParameters.maxCount": 8,
                             "tags": ["a", "b"]}'::jsonb
                    FROM tenant WHERE name = 'before-v8'
                    """);
        }

        flyway(url, user, "latest").migrate();

        try (Connection connection = DriverManager.getConnection(url, user, null);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        SELECT pg_typeof(attributes)::text, attributes->>'requestParameters.instanceType',
                               (attributes->>'requestParameters.maxCount')::int, attributes->'tags'->>1
                        FROM event WHERE event_id = 'e-1'
                        """)) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("json");
            assertThat(row.getString(2)).isEqualTo("p4d.24xlarge");
            assertThat(row.getInt(3)).isEqualTo(8);
            assertThat(row.getString(4)).isEqualTo("b");
        }
    }

    private static Flyway flyway(String url, String user, String target) {
        return Flyway.configure()
                .dataSource(url, user, null)
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }
}
