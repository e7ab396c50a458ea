package io.hijackwatch.collector.azure.pull;

import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sources of kind {@code azure-activity-log}: one Azure subscription's Activity Log, read from the Azure Resource
 * Manager REST API. Reads the endpoint overrides {@code azure-management} (the Resource Manager base URL) and {@code
 * azure-authority} (the Microsoft Entra authority host).
 */
public final class AzureActivityLogCollectorFactory implements SourceCollectorFactory {

    public static final String KIND = "azure-activity-log";
    static final String MANAGEMENT_ENDPOINT = "azure-management";
    static final String AUTHORITY_ENDPOINT = "azure-authority";

    private final RetryTuning retries;
    private volatile HttpClient httpClient;

    public AzureActivityLogCollectorFactory() {
        this(RetryTuning.defaults());
    }

    AzureActivityLogCollectorFactory(RetryTuning retries) {
        this.retries = retries;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Provider provider() {
        return Provider.AZURE;
    }

    @Override
    public List<SourceSetting> settings() {
        return AzureSourceSettings.declared();
    }

    @Override
    public SourceCollector open(SourceConfig config) {
        AzureSourceSettings settings = AzureSourceSettings.from(config);
        CollectorEnvironment environment = config.environment();
        URI management = https(MANAGEMENT_ENDPOINT, environment.endpoint(MANAGEMENT_ENDPOINT))
                .orElse(ActivityLogApi.PUBLIC_CLOUD);
        Optional<URI> authority = https(AUTHORITY_ENDPOINT, environment.endpoint(AUTHORITY_ENDPOINT));
        ApiConnection connection = new ApiConnection(
                settings,
                config.secrets(),
                httpClient(),
                new Credentials(httpClient(), authority),
                management,
                retries);
        return new AzureActivityLogCollector(config.sourceId(), settings, environment.clock(), connection);
    }

    /** Bearer tokens go over TLS only; the Azure SDK refuses anything else, and so does this check, earlier. */
    private static Optional<URI> https(String name, Optional<URI> endpoint) {
        endpoint.ifPresent(uri -> {
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidSourceSettingsException(
                        "The endpoint override " + name + " must be an https URL, not '" + uri + "'.");
            }
        });
        return endpoint;
    }

    /** One HTTP client, with its connection pool and event loop, for every source of this kind. */
    private HttpClient httpClient() {
        HttpClient client = httpClient;
        if (client == null) {
            synchronized (this) {
                if (httpClient == null) {
                    httpClient = HttpClient.createDefault(new HttpClientOptions()
                            .setConnectTimeout(Duration.ofSeconds(10))
                            .setResponseTimeout(Duration.ofSeconds(60))
                            .setReadTimeout(Duration.ofSeconds(60)));
                }
                client = httpClient;
            }
        }
        return client;
    }
}
