package io.hijackwatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.database.EmbeddedPostgresServer.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTests {

    @TempDir
    Path dataDirectory;

    @Test
    void runsWithFsyncAndSynchronousCommitOn() throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0, Durability.DURABLE)) {
            String url = server.createDatabaseIfMissing("durability");

            assertThat(setting(url, server, "fsync")).isEqualTo("on");
            assertThat(setting(url, server, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(url, server, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void keepsCommittedDataAcrossARestartOnTheSameFolder() throws SQLException {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDirectory, 0, Durability.DURABLE)) {
            String url = first.createDatabaseIfMissing("kept");
            execute(url, first, "CREATE TABLE note (text text)", "INSERT INTO note VALUES ('still here')");
        }

        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(dataDirectory, 0, Durability.DURABLE)) {
            String url = second.createDatabaseIfMissing("kept");

            assertThat(queryOne(url, second, "SELECT text FROM note")).isEqualTo("still here");
        }
    }

    private static String setting(String url, EmbeddedPostgresServer server, String name) throws SQLException {
        return queryOne(url, server, "SHOW " + name);
    }

    private static String queryOne(String url, EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, server.username(), "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(String url, EmbeddedPostgresServer server, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, server.username(), "");
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
