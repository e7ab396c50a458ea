package io.hijackwatch.database;

import com.zaxxer.hikari.HikariDataSource;
import io.hijackwatch.database.EmbeddedPostgresServer.Durability;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Starts PostgreSQL inside the service when no database is configured, so the first command needs nothing else. */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDataSourceUrlConfigured.class)
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(EmbeddedDatabaseProperties properties) {
        return EmbeddedPostgresServer.start(
                properties.dataDir().toAbsolutePath().normalize(), properties.port(), Durability.DURABLE);
    }

    /** Pool settings come from {@code spring.datasource.hikari.*}, as for a configured database. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresServer server, EmbeddedDatabaseProperties properties) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.createDatabaseIfMissing(properties.database()));
        dataSource.setUsername(server.username());
        dataSource.setPoolName("embedded");
        dataSource.setMaximumPoolSize(10);
        return dataSource;
    }

    /** Whether this run started its own database; the demo tenant depends on it. */
    @Bean
    EmbeddedDatabaseMarker embeddedDatabaseMarker(EmbeddedPostgresServer server) {
        return new EmbeddedDatabaseMarker(server.dataDirectory());
    }
}
