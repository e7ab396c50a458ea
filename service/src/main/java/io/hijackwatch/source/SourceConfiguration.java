package io.hijackwatch.source;

import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.ingest.IngestService;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SourceProperties.class)
class SourceConfiguration {

    @Bean
    SourceRuntime sourceRuntime(
            SourceStore store,
            IngestService ingest,
            TransactionTemplate transactions,
            SourceMetrics metrics,
            SourceProperties properties,
            Clock clock) {
        return new SourceRuntime(
                SourceKinds.discover(),
                SecretReferences.fromProcessEnvironment(properties.secrets()),
                new CollectorEnvironment(properties.endpoints(), clock),
                store,
                ingest,
                transactions,
                metrics,
                properties);
    }

    @Bean
    SourcePolling sourcePolling(SourceRuntime runtime) {
        return new SourcePolling(runtime);
    }
}
