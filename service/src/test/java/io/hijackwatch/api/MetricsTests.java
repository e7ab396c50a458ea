package io.hijackwatch.api;

import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@ServiceTest
class MetricsTests {

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Test
    void exposesIngestionAndDetectionCountersToPrometheus() {
        ApiClient api = new ApiClient(port);
        long tenant = tenants.createTenant("metrics-" + UUID.randomUUID());
        String key = tenants.createKey(tenant, "k", Role.ADMIN, null);
        String body = deliveryFile(List.of(quotaIncrease("m1", "2024-12-16T03:10:00Z", "metrics-user", 64), "{}"));

        api.postEvents(key, "cloudtrail", "application/json", body.getBytes(StandardCharsets.UTF_8));
        String metrics = api.get("/actuator/prometheus").raw().body();

        assertThat(metrics)
                .containsPattern("hijackwatch_ingest_records_total\\{format=\"cloudtrail\",result=\"stored\"} [1-9]")
                .containsPattern("hijackwatch_ingest_records_total\\{format=\"cloudtrail\",result=\"rejected\"} [1-9]")
                .contains("hijackwatch_detect_findings_total{rule=\"aws.servicequotas.increase_requested\"")
                .contains("hijackwatch_ingest_duration_seconds_count{format=\"cloudtrail\"}")
                .containsPattern("hijackwatch_alerts_opened_total\\{rule=\"aws.servicequotas.increase_requested\","
                        + "severity=\"[a-z]+\"} [1-9]")
                .doesNotContain(key);
    }
}
