package io.hijackwatch.collector.azure.pull;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.SecretResolver;
import java.net.URI;
import java.util.Optional;

/**
 * Builds the Entra ID credential a source's settings name. The client secret is resolved here, when the first call
 * needs a token, and is held by the credential only.
 */
final class Credentials {

    private final HttpClient httpClient;
    private final Optional<URI> authority;

    /**
     * @param authority the Entra authority host to sign in at instead of the public cloud's; instance discovery is
     *     turned off with it, since discovery asks the public cloud about a host it does not know
     */
    Credentials(HttpClient httpClient, Optional<URI> authority) {
        this.httpClient = httpClient;
        this.authority = authority;
    }

    TokenCredential build(AzureSourceSettings settings, SecretResolver secrets, Redaction redaction)
            throws CollectorException {
        switch (settings.credential()) {
            case CLIENT_SECRET:
                return clientSecret(settings, secrets, redaction);
            case WORKLOAD_IDENTITY:
                return workloadIdentity(settings);
            case MANAGED_IDENTITY:
                return managedIdentity(settings);
            default:
                return defaultChain(settings);
        }
    }

    private TokenCredential clientSecret(AzureSourceSettings settings, SecretResolver secrets, Redaction redaction)
            throws CollectorException {
        String secret = secrets.resolve(settings.clientSecretReference().orElseThrow());
        redaction.hide(secret);
        ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                .tenantId(settings.tenantId().orElseThrow())
                .clientId(settings.clientId().orElseThrow())
                .clientSecret(secret);
        return withAuthority(builder).httpClient(httpClient).build();
    }

    private TokenCredential workloadIdentity(AzureSourceSettings settings) {
        WorkloadIdentityCredentialBuilder builder = new WorkloadIdentityCredentialBuilder()
                .tenantId(settings.tenantId().orElseThrow())
                .clientId(settings.clientId().orElseThrow());
        return withAuthority(builder).httpClient(httpClient).build();
    }

    private TokenCredential managedIdentity(AzureSourceSettings settings) {
        ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder().httpClient(httpClient);
        settings.clientId().ifPresent(builder::clientId);
        return builder.build();
    }

    private TokenCredential defaultChain(AzureSourceSettings settings) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().httpClient(httpClient);
        settings.tenantId().ifPresent(builder::tenantId);
        settings.clientId().ifPresent(id -> builder.managedIdentityClientId(id).workloadIdentityClientId(id));
        authority.ifPresent(host -> builder.authorityHost(host.toString()).disableInstanceDiscovery());
        return builder.build();
    }

    private <T extends AadCredentialBuilderBase<T>> T withAuthority(T builder) {
        authority.ifPresent(host -> builder.authorityHost(host.toString()).disableInstanceDiscovery());
        return builder;
    }
}
