package io.hijackwatch.collector.azure.pull;

import java.time.Instant;
import java.util.List;

/** Activity Log events and pages in the shape the REST API sends them. */
public final class ActivityEvents {

    public static final String SUBSCRIPTION = "7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f";

    private ActivityEvents() {}

    /** A VM write with the correlation id given; the parser makes its event id start with that id. */
    public static String vmWrite(String correlationId, Instant time) {
        String resource = "/subscriptions/" + SUBSCRIPTION
                + "/resourceGroups/rg-ml/providers/Microsoft.Compute/virtualMachines/vm-" + correlationId;
        String record = """
                {"caller":"dana.ops@example.com","correlationId":"%s","eventDataId":"%s-data",\
                "eventTimestamp":"%s","operationName":{"value":"Microsoft.Compute/virtualMachines/write",\
                "localizedValue":"Create or Update Virtual Machine"},"status":{"value":"Succeeded"},\
                "category":{"value":"Administrative"},"level":"Informational","resourceId":"%s",\
                "subscriptionId":"%s","httpRequest":{"clientIpAddress":"203.0.113.45","method":"PUT"}}""";
        return record.formatted(correlationId, correlationId, time, resource, SUBSCRIPTION);
    }

    public static String page(List<String> events) {
        return "{\"value\":[" + String.join(",", events) + "]}";
    }

    public static String page(List<String> events, String nextLink) {
        return "{\"value\":[" + String.join(",", events) + "],\"nextLink\":\"" + nextLink + "\"}";
    }
}
