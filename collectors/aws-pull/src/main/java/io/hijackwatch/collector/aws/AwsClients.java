package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The HTTP client and credentials one source's SDK clients share, and the way those clients are built: in the
 * source's region, signed with its credentials, and sent to an operator's endpoint override when there is one.
 */
final class AwsClients implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Region region;
    private final CollectorEnvironment environment;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Optional<StsClient> sts;

    private AwsClients(
            Region region,
            CollectorEnvironment environment,
            SdkHttpClient http,
            AwsCredentialsProvider credentials,
            Optional<StsClient> sts) {
        this.region = region;
        this.environment = environment;
        this.http = http;
        this.credentials = credentials;
        this.sts = sts;
    }

    /**
     * Resolves the secret references and prepares the credentials; calls no AWS API yet.
     *
     * @param readTimeout how long a response may stay silent, longer than any long poll
     * @param sessionName the STS session name, which CloudTrail shows for calls the collector makes
     */
    static AwsClients connect(
            AwsAccess access,
            SecretResolver secrets,
            CollectorEnvironment environment,
            Duration readTimeout,
            String sessionName)
            throws CollectorException {
        Region region = Region.of(access.region());
        AwsCredentialsProvider own = ownCredentials(access, secrets);
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(readTimeout)
                .build();
        if (access.roleArn().isEmpty()) {
            return new AwsClients(region, environment, http, own, Optional.empty());
        }
        AwsClients base = new AwsClients(region, environment, http, own, Optional.empty());
        StsClient sts = base.build(StsClient.builder(), "sts");
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request -> request.roleArn(access.roleArn().get())
                        .roleSessionName(sessionName)
                        .externalId(access.externalId().orElse(null)))
                .build();
        return new AwsClients(region, environment, http, assumed, Optional.of(sts));
    }

    private static AwsCredentialsProvider ownCredentials(AwsAccess access, SecretResolver secrets)
            throws CollectorException {
        if (access.accessKeyIdReference().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String keyId = secrets.resolve(access.accessKeyIdReference().get());
        String secret = secrets.resolve(access.secretAccessKeyReference().orElseThrow());
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
    }

    /** A client of one service, sent to the override named {@code endpointName} when the operator set one. */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String endpointName) {
        builder.httpClient(http).region(region).credentialsProvider(credentials);
        endpoint(endpointName).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    Optional<URI> endpoint(String name) {
        return environment.endpoint(name);
    }

    @Override
    public void close() {
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
        sts.ifPresent(StsClient::close);
        http.close();
    }
}
