package io.hijackwatch.collector.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AzureRegionTest {

    private static final String SUBSCRIPTION = "/subscriptions/7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f";

    @Test
    void takesTheRegionOfAQuotaRequestFromItsResourceId() throws IOException {
        NormalizedEvent event = parseOne(record(
                "Microsoft.Quota/quotas/write",
                SUBSCRIPTION + "/providers/Microsoft.Compute/locations/eastus2/providers/Microsoft.Quota/quotas/"
                        + "standardNCADSH100v5Family",
                null));

        assertThat(event.region()).isEqualTo("eastus2");
    }

    @Test
    void neverCallsGlobalARegion() throws IOException {
        NormalizedEvent event = parseOne(record(
                "Microsoft.Communication/CommunicationServices/write",
                SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/acs1",
                "{\\\"location\\\":\\\"global\\\",\\\"properties\\\":{\\\"dataLocation\\\":\\\"United States\\\"}}"));

        assertThat(event.region()).isNull();
    }

    private static NormalizedEvent parseOne(String record) throws IOException {
        CollectingListener listener = Fixtures.parse(Fixtures.utf8(record));
        assertThat(listener.rejections).isEmpty();
        return listener.events.get(0);
    }

    private static String record(String operation, String resourceId, String requestBody) {
        String body = requestBody == null ? "" : ",\"requestbody\":\"" + requestBody + "\"";
        String template = """
                {"caller":"dana.ops@example.com","correlationId":"c-%s","eventDataId":"d-1",\
                "operationName":{"value":"%s"},"resourceId":"%s","status":{"value":"Started"},\
                "eventTimestamp":"2024-12-16T18:41:07Z","subscriptionId":"7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f",\
                "properties":{"eventCategory":"Administrative"%s}}""";
        return template.formatted(operation.hashCode(), operation, resourceId, body);
    }
}
