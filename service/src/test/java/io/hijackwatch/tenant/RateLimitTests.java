package io.hijackwatch.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

@ServiceTest
@TestPropertySource(properties = "hijackwatch.rate-limit.api-per-minute=120")
class RateLimitTests {

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Test
    void answersTooManyRequestsWithRetryAfterAndLeavesOtherKeysAlone() {
        ApiClient api = new ApiClient(port);
        long tenant = tenants.createTenant("limits-" + UUID.randomUUID());
        String busy = tenants.createKey(tenant, "busy", Role.READER, null);
        String quiet = tenants.createKey(tenant, "quiet", Role.READER, null);

        List<Reply> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(api.call("GET", "/api/v1/alerts", busy, null));
        }
        Reply other = api.call("GET", "/api/v1/alerts", quiet, null);

        Reply limited = burst.stream()
                .filter(reply -> reply.status() == 429)
                .findFirst()
                .orElseThrow();
        assertThat(burst).filteredOn(reply -> reply.status() == 200).isNotEmpty();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.raw().headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
        assertThat(other.status()).isEqualTo(200);
    }
}
