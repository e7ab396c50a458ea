package io.hijackwatch.collector.gcp.pull;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.logging.v2.LoggingClient;
import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.SourceConfig;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoggingClientsTests {

    @Test
    void usesAServiceAccountKeyWithTheLoggingReadScopeAgainstGooglesEndpoint() throws Exception {
        String key = serviceAccountKey();
        SourceConfig config = new SourceConfig(
                "source-2",
                Map.of("projectId", "example-ml-prod", "credentialsFile", "file:/keys/reader.json"),
                reference -> key,
                CollectorEnvironment.defaults());
        GcpAuditLogSettings settings = GcpAuditLogSettings.from(config);

        try (LoggingClient client = LoggingClients.open(settings, config.secrets(), Optional.empty())) {
            assertThat(client.getSettings().getEndpoint()).isEqualTo("logging.googleapis.com:443");
            assertThat(client.getSettings().getCredentialsProvider().getCredentials())
                    .isInstanceOfSatisfying(ServiceAccountCredentials.class, credentials -> {
                        assertThat(credentials.getClientEmail())
                                .isEqualTo("hijackwatch-reader@example-ml-prod.iam.gserviceaccount.com");
                        assertThat(credentials.getScopes())
                                .containsExactly("https://www.googleapis.com/auth/logging.read");
                    });
        }
    }

    @Test
    void takesTheOverrideWithOrWithoutAScheme() {
        assertThat(LoggingClients.hostAndPort(URI.create("http://localhost:8085")))
                .isEqualTo("localhost:8085");
        assertThat(LoggingClients.hostAndPort(URI.create("localhost:8085"))).isEqualTo("localhost:8085");
    }

    /** A key file shaped as {@code gcloud iam service-accounts keys create} writes it, with a fresh RSA key. */
    private static String serviceAccountKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        String pem = ("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n").replace("\n", "\\n");
        return "{\"type\":\"service_account\",\"project_id\":\"example-ml-prod\",\"private_key_id\":\"0a1b2c3d\","
                + "\"private_key\":\"" + pem + "\","
                + "\"client_email\":\"hijackwatch-reader@example-ml-prod.iam.gserviceaccount.com\","
                + "\"client_id\":\"104729000000000000001\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
    }
}
