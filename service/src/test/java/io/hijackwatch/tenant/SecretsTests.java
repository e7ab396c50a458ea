package io.hijackwatch.tenant;

import static io.hijackwatch.support.CloudTrailSamples.runInstances;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Keys go out once, in the response that makes them, and nowhere else: not in logs, errors or metrics. */
@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "hijackwatch.operator-key=" + SecretsTests.OPERATOR_KEY)
class SecretsTests {

    static final String OPERATOR_KEY = "operator-key-that-must-never-be-printed-42";

    @LocalServerPort
    int port;

    @Test
    void noKeyAppearsInLogsErrorsOrMetrics(CapturedOutput output) {
        ApiClient api = new ApiClient(port);
        String admin = api.call("POST", "/api/v1/tenants", OPERATOR_KEY, "{\"name\":\"s-" + UUID.randomUUID() + "\"}")
                .body()
                .get("adminKey")
                .asString();
        String reader = api.call("POST", "/api/v1/keys", admin, "{\"name\":\"r\",\"role\":\"reader\"}")
                .body()
                .get("key")
                .asString();
        String unknown = "hjw_" + UUID.randomUUID();
        List<Reply> replies = new ArrayList<>();

        replies.add(api.call("GET", "/api/v1/alerts", unknown, null));
        replies.add(api.call("GET", "/api/v1/alerts", admin.substring(0, admin.length() - 1), null));
        replies.add(api.postEvents(
                reader, "cloudtrail", "application/json", runInstances("s").getBytes(StandardCharsets.UTF_8)));
        replies.add(api.call("GET", "/api/v1/keys", admin, null));
        replies.add(api.call("GET", "/api/v1/tenants", OPERATOR_KEY, null));
        replies.add(api.call("GET", "/api/v1/alerts/not-a-number", admin, null));
        replies.add(api.get("/actuator/prometheus"));
        replies.add(api.get("/v3/api-docs"));

        List<String> secrets = List.of(OPERATOR_KEY, admin, reader, unknown);
        for (Reply reply : replies) {
            for (String secret : secrets) {
                assertThat(reply.raw().body()).doesNotContain(secret);
            }
        }
        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
        }
        assertThat(replies.get(0).status()).isEqualTo(401);
        assertThat(replies.get(2).status()).isEqualTo(403);
    }
}
