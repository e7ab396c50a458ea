package io.hijackwatch.support;

/** Azure Activity Log and GCP audit records in the shapes their exports use, made to order for tests. */
public final class CloudSamples {

    private CloudSamples() {}

    /** A VM write as the Activity Log REST API lists it, in subscription 7d3e1f52-.... */
    public static String azureVmWrite(String correlationId, String time, String status) {
        String template = """
                {"authorization":{"action":"Microsoft.Compute/virtualMachines/write",\
                "scope":"/subscriptions/7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f/resourceGroups/rg-ml/providers/\
                Microsoft.Compute/virtualMachines/vm1"},\
                "caller":"dana.ops@example.com","correlationId":"%s","eventDataId":"%s-%s",\
                "eventName":{"value":"EndRequest"},"category":{"value":"Administrative"},\
                "httpRequest":{"clientIpAddress":"203.0.113.45","method":"PUT"},"level":"Informational",\
                "operationName":{"value":"Microsoft.Compute/virtualMachines/write"},\
                "resourceGroupName":"rg-ml","resourceProviderName":{"value":"Microsoft.Compute"},\
                "resourceId":"/subscriptions/7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f/resourceGroups/rg-ml/\
                providers/Microsoft.Compute/virtualMachines/vm1",\
                "status":{"value":"%s"},"subStatus":{"value":""},"eventTimestamp":"%s",\
                "submissionTimestamp":"%s","subscriptionId":"7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f",\
                "tenantId":"3c9a7e21-5b6d-4f80-9a1c-2e3d4f5a6b7c"}""";
        return template.formatted(correlationId, correlationId, status, status, time, time);
    }

    /** A Compute Engine instance insert as a LogEntry, in project example-ml-prod. */
    public static String gcpInstanceInsert(String insertId, String time, String machineType) {
        return """
                {"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",\
                "authenticationInfo":{"principalEmail":"deployer@example.com"},\
                "requestMetadata":{"callerIp":"198.51.100.8",\
                "callerSuppliedUserAgent":"google-cloud-sdk gcloud/502.0.0"},\
                "serviceName":"compute.googleapis.com","methodName":"v1.compute.instances.insert",\
                "resourceName":"projects/example-ml-prod/zones/us-central1-a/instances/node-1",\
                "request":{"@type":"type.googleapis.com/compute.instances.insert","name":"node-1",\
                "machineType":"projects/example-ml-prod/zones/us-central1-a/machineTypes/%s"}},\
                "insertId":"%s","resource":{"type":"gce_instance","labels":{"project_id":"example-ml-prod",\
                "zone":"us-central1-a","instance_id":"1234567890"}},"timestamp":"%s","severity":"NOTICE",\
                "logName":"projects/example-ml-prod/logs/cloudaudit.googleapis.com%%2Factivity",\
                "receiveTimestamp":"%s"}""".formatted(machineType, insertId, time, time);
    }

    /**
     * One Azure operation as the REST API lists it, newest first: its Succeeded record, then its Started record, which
     * alone carries the request body.
     */
    public static String azureOperationNewestFirst(
            String correlationId, String operation, String resourceId, String requestBody) {
        String succeeded = azureRecord(correlationId, operation, resourceId, "Succeeded", "2024-12-16T18:43:07Z", null);
        String started =
                azureRecord(correlationId, operation, resourceId, "Started", "2024-12-16T18:41:07Z", requestBody);
        return "{\"value\":[" + succeeded + "," + started + "]}";
    }

    private static String azureRecord(
            String correlationId, String operation, String resourceId, String status, String time, String body) {
        String properties = body == null
                ? "{\"eventCategory\":\"Administrative\"}"
                : "{\"eventCategory\":\"Administrative\",\"requestbody\":\"" + body.replace("\"", "\\\"") + "\"}";
        String template = """
                {"caller":"intruder@example.com","correlationId":"%s","eventDataId":"%s-%s",\
                "operationName":{"value":"%s"},"resourceId":"%s","status":{"value":"%s"},\
                "httpRequest":{"clientIpAddress":"203.0.113.66","method":"PUT"},"eventTimestamp":"%s",\
                "subscriptionId":"7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f","category":{"value":"Administrative"},\
                "properties":%s}""";
        return template.formatted(
                correlationId, correlationId, status, operation, resourceId, status, time, properties);
    }

    /**
     * One GCP long-running operation as a Cloud Storage sink writes it, one entry per line: the first entry, with the
     * request, and the last one, as the operation ended.
     */
    public static String gcpOperation(
            String operationId, String serviceName, String methodName, String resourceName, String request) {
        return gcpEntry(operationId, serviceName, methodName, resourceName, request, "\"first\":true", 0) + "\n"
                + gcpEntry(operationId, serviceName, methodName, resourceName, null, "\"last\":true", 95) + "\n";
    }

    private static String gcpEntry(
            String operationId,
            String serviceName,
            String methodName,
            String resourceName,
            String request,
            String position,
            int seconds) {
        String template = """
                {"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",\
                "authenticationInfo":{"principalEmail":"leaked-sa@example-ml-prod.iam.gserviceaccount.com"},\
                "requestMetadata":{"callerIp":"203.0.113.91","callerSuppliedUserAgent":"python-requests/2.32.3"},\
                "serviceName":"%s","methodName":"%s","resourceName":"%s"%s},\
                "insertId":"%s-%d","operation":{"id":"%s","producer":"%s",%s},\
                "resource":{"type":"audited_resource","labels":{"project_id":"example-ml-prod"}},\
                "timestamp":"2024-12-16T19:00:%02dZ","severity":"NOTICE",\
                "logName":"projects/example-ml-prod/logs/cloudaudit.googleapis.com%%2Factivity"}""";
        String requestField = request == null ? "" : ",\"request\":" + request;
        return template.formatted(
                serviceName,
                methodName,
                resourceName,
                requestField,
                operationId,
                seconds,
                operationId,
                serviceName,
                position,
                seconds % 60);
    }
}
