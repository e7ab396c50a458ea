package io.hijackwatch.support;

import io.hijackwatch.database.EmbeddedPostgresServer;
import io.hijackwatch.database.EmbeddedPostgresServer.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test run, with a fresh database for each Spring context that asks. The
 * server is a throwaway one (no fsync): the durable settings are tested on their own.
 */
public final class TestDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestDatabase() {}

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(temporaryFolder(), 0, Durability.THROWAWAY);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public static String newDatabaseUrl() {
        return server().createDatabaseIfMissing("test_" + DATABASES.incrementAndGet());
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("hijackwatch-test-postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
