package io.hijackwatch.source;

import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.ingest.IngestService;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the API and every poller share to open collectors and store what they read: the kinds found on the class
 * path, the operator's secret rules and endpoints, and the stores.
 */
final class SourceRuntime {

    final SourceKinds kinds;
    final SecretReferences secrets;
    final CollectorEnvironment environment;
    final SourceStore store;
    final IngestService ingest;
    final TransactionTemplate transactions;
    final SourceMetrics metrics;
    final SourceProperties properties;

    SourceRuntime(
            SourceKinds kinds,
            SecretReferences secrets,
            CollectorEnvironment environment,
            SourceStore store,
            IngestService ingest,
            TransactionTemplate transactions,
            SourceMetrics metrics,
            SourceProperties properties) {
        this.kinds = kinds;
        this.secrets = secrets;
        this.environment = environment;
        this.store = store;
        this.ingest = ingest;
        this.transactions = transactions;
        this.metrics = metrics;
        this.properties = properties;
    }

    /**
     * Checks settings for a kind and opens a collector with them, which checks them further.
     *
     * @throws InvalidSourceSettingsException when the kind is unknown or the settings cannot work
     */
    SourceCollector open(String sourceId, String kind, Map<String, String> settings) {
        SourceCollectorFactory factory = kinds.find(kind)
                .orElseThrow(() -> new InvalidSourceSettingsException(
                        "Unknown source kind '" + kind + "'; this service reads " + kinds.kinds() + "."));
        SourceKinds.check(factory, settings, secrets);
        return factory.open(new SourceConfig(sourceId, settings, secrets, environment));
    }

    SourceCollector open(Source source) {
        return open(Long.toString(source.id()), source.kind(), source.settings());
    }
}
