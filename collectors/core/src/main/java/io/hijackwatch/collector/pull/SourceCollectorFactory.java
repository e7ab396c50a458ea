package io.hijackwatch.collector.pull;

import io.hijackwatch.collector.Provider;
import java.util.List;

/** One kind of pull source. Implementations are found with {@link java.util.ServiceLoader}. */
public interface SourceCollectorFactory {

    /** The kind as tenants name it in {@code POST /api/v1/sources} (for example {@code aws-sqs}). */
    String kind();

    Provider provider();

    /** What a tenant may set for a source of this kind; anything else is refused. */
    List<SourceSetting> settings();

    /**
     * Opens a collector for one source. Opening is cheap and does not call the provider; settings are checked here
     * and reported by {@link InvalidSourceSettingsException}.
     */
    SourceCollector open(SourceConfig config);
}
