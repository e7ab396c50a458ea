package io.hijackwatch.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from binaries packaged in a Maven artifact, keeping its data in a folder so that a
 * restart loses nothing.
 *
 * <p>The library it is built on turns {@code fsync} and {@code synchronous_commit} off, which suits throwaway test
 * databases only; here they are on unless a caller asks for a throwaway server. A server left running by a process
 * that was killed is stopped before a new one starts on the same folder.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
    private static final String SUPERUSER = "postgres";

    /** How the server treats committed data. */
    public enum Durability {
        /** Every commit reaches the disk before it is acknowledged: what real data needs. */
        DURABLE,
        /** Commits may be lost in a crash; only for databases thrown away after a test run. */
        THROWAWAY
    }

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts the server on the folder, creating the cluster on first use.
     *
     * @param port the TCP port on the loopback interface, or 0 for any free one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Durability durability) {
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedServer(dataDirectory);
            boolean durable = durability == Durability.DURABLE;
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setServerConfig("listen_addresses", "localhost")
                    // A test run keeps a pool per cached application context open against one throwaway server.
                    .setServerConfig("max_connections", durable ? "100" : "400")
                    .start();
            log.info(
                    "Embedded PostgreSQL is running on port {} with its data in {}", postgres.getPort(), dataDirectory);
            return new EmbeddedPostgresServer(postgres, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Creates the database unless it exists, and returns its JDBC URL. */
    public String createDatabaseIfMissing(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            if (!databaseExists(connection, name)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                }
                log.info("Created database {}", name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    private static boolean databaseExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    public String username() {
        return SUPERUSER;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /**
     * A process killed without warning leaves its PostgreSQL running and holding the folder. Its clients are gone, so
     * a smart shutdown (SIGTERM) ends it quickly.
     */
    private static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> server =
                readPid(pidFile).flatMap(ProcessHandle::of).filter(EmbeddedPostgresServer::isPostgres);
        if (server.isEmpty()) {
            return;
        }
        log.warn(
                "Stopping PostgreSQL (pid {}) left running on {} by an earlier run",
                server.get().pid(),
                dataDirectory);
        server.get().destroy();
        try {
            server.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL left running on " + dataDirectory + " did not stop", e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.isAlive()
                && process.info()
                        .command()
                        .map(command -> command.endsWith("postgres"))
                        .orElse(false);
    }
}
