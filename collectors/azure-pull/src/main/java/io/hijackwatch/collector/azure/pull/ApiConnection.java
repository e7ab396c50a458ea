package io.hijackwatch.collector.azure.pull;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.RetryPolicy;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.SecretResolver;
import java.net.URI;

/**
 * A source's signed-in connection to Azure Resource Manager, made when the first call needs it: opening a collector
 * resolves no secret and calls nobody.
 */
final class ApiConnection {

    /** The audience of Azure Resource Manager tokens in the public cloud. */
    static final String MANAGEMENT_SCOPE = "https://management.azure.com/.default";

    private final AzureSourceSettings settings;
    private final SecretResolver secrets;
    private final HttpClient httpClient;
    private final Credentials credentials;
    private final URI management;
    private final RetryTuning retries;
    private final Redaction redaction = new Redaction();

    private ActivityLogApi api;

    ApiConnection(
            AzureSourceSettings settings,
            SecretResolver secrets,
            HttpClient httpClient,
            Credentials credentials,
            URI management,
            RetryTuning retries) {
        this.settings = settings;
        this.secrets = secrets;
        this.httpClient = httpClient;
        this.credentials = credentials;
        this.management = management;
        this.retries = retries;
    }

    ActivityLogApi api() throws CollectorException {
        if (api == null) {
            TokenCredential credential = credential();
            HttpPipeline pipeline = new HttpPipelineBuilder()
                    .httpClient(httpClient)
                    .policies(
                            new RetryPolicy(new ArmRetryStrategy(retries)),
                            new BearerTokenAuthenticationPolicy(credential, MANAGEMENT_SCOPE))
                    .build();
            ArmFailures failures = new ArmFailures(settings.subscriptionId(), redaction);
            api = new ActivityLogApi(pipeline, management, settings.subscriptionId(), failures, signedInAs());
        }
        return api;
    }

    /**
     * @throws CollectorException (permanent) when the credential cannot be made here, such as a workload identity
     *     without the token file the Kubernetes webhook provides
     */
    private TokenCredential credential() throws CollectorException {
        try {
            return credentials.build(settings, secrets, redaction);
        } catch (RuntimeException e) {
            throw CollectorException.permanentFailure(
                    "Could not prepare to sign in " + signedInAs() + " for subscription " + settings.subscriptionId()
                            + ": " + redaction.apply(e.getMessage()),
                    null);
        }
    }

    private String signedInAs() {
        String client = settings.clientId().map(id -> " " + id).orElse("");
        String tenant = settings.tenantId().map(id -> " of tenant " + id).orElse("");
        switch (settings.credential()) {
            case CLIENT_SECRET:
                return "client" + client + tenant + " with its client secret";
            case WORKLOAD_IDENTITY:
                return "client" + client + tenant + " with the service's workload identity token";
            case MANAGED_IDENTITY:
                return "the service's managed identity" + client;
            default:
                return "the service's default Azure credential";
        }
    }
}
