package io.hijackwatch.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the PostgreSQL server started when no {@code spring.datasource.url} is configured.
 *
 * @param dataDir the folder that keeps the data across restarts
 * @param port the loopback port, 0 for any free one
 * @param database the database the service uses on that server
 */
@ConfigurationProperties("hijackwatch.database.embedded")
public record EmbeddedDatabaseProperties(
        @DefaultValue("./data/postgres") Path dataDir,
        @DefaultValue("0") int port,
        @DefaultValue("hijackwatch") String database) {}
