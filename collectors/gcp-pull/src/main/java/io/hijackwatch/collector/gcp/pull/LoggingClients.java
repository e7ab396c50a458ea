package io.hijackwatch.collector.gcp.pull;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;
import io.grpc.ManagedChannelBuilder;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.SecretResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Opens the Cloud Logging client of one source. The client reads through gRPC with the source's service account key,
 * or with Application Default Credentials (workload identity, the metadata server) when the source names no key. With
 * an endpoint override (a private endpoint's test double) it speaks plaintext gRPC without credentials.
 */
final class LoggingClients {

    static final String ENDPOINT_NAME = "gcp-logging";

    private static final List<String> READ_ONLY_SCOPES = List.of("https://www.googleapis.com/auth/logging.read");

    private LoggingClients() {}

    /** @throws CollectorException (permanent) when the credentials cannot be read or found */
    static LoggingClient open(GcpAuditLogSettings settings, SecretResolver secrets, Optional<URI> endpoint)
            throws CollectorException {
        try {
            LoggingSettings.Builder builder = endpoint.isPresent()
                    ? plaintext(hostAndPort(endpoint.get()))
                    : LoggingSettings.newBuilder().setCredentialsProvider(credentials(settings, secrets));
            builder.listLogEntriesSettings().setRetryableCodes();
            return LoggingClient.create(builder.build());
        } catch (IOException e) {
            throw CollectorException.permanentFailure(
                    "Could not set up Cloud Logging access for project " + settings.projectId() + ": " + e.getMessage(),
                    e);
        }
    }

    private static LoggingSettings.Builder plaintext(String hostAndPort) {
        return LoggingSettings.newBuilder()
                .setEndpoint(hostAndPort)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                        .setEndpoint(hostAndPort)
                        .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                        .build());
    }

    /** {@code http://host:port} and {@code host:port} name the same endpoint. */
    static String hostAndPort(URI endpoint) {
        if (endpoint.getHost() != null && endpoint.getPort() > 0) {
            return endpoint.getHost() + ":" + endpoint.getPort();
        }
        return endpoint.toString();
    }

    private static CredentialsProvider credentials(GcpAuditLogSettings settings, SecretResolver secrets)
            throws CollectorException {
        if (settings.credentialsReference().isEmpty()) {
            return LoggingSettings.defaultCredentialsProviderBuilder().build();
        }
        String reference = settings.credentialsReference().get();
        String key = secrets.resolve(reference);
        try {
            ServiceAccountCredentials credentials = ServiceAccountCredentials.fromStream(
                    new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8)));
            return FixedCredentialsProvider.create(credentials.createScoped(READ_ONLY_SCOPES));
        } catch (IOException | RuntimeException e) {
            throw CollectorException.permanentFailure(
                    "The secret " + reference + " named by " + GcpAuditLogSettings.CREDENTIALS_FILE
                            + " is not a service account key in JSON (as written by gcloud iam service-accounts keys"
                            + " create).",
                    null);
        }
    }
}
