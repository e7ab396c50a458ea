package io.hijackwatch.collector.azure;

import static io.hijackwatch.collector.azure.AzureActivityParserTest.SUBSCRIPTION;
import static io.hijackwatch.collector.azure.Fixtures.parse;
import static io.hijackwatch.collector.azure.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.json.AttributeCollector;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.IOException;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What real Activity Log records do that a reader built from the schema alone would get wrong. */
class AzureActivityQuirksTest {

    private static final String VM = "/SUBSCRIPTIONS/" + SUBSCRIPTION.toUpperCase()
            + "/RESOURCEGROUPS/RG-ML-TRAINING/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/TRAIN-GPU-03";

    private static NormalizedEvent single(String record) throws IOException {
        CollectingListener result = parse(utf8(record));
        assertThat(result.rejections).isEmpty();
        return result.event(0);
    }

    /** A diagnostic export record with the given extra fields, in the order Azure writes them. */
    private static String exported(String extraFields) {
        return "{\"time\":\"2024-12-16T19:10:00.1000000Z\",\"resourceId\":\"" + VM + "\","
                + "\"operationName\":\"MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE\",\"category\":\"Administrative\","
                + "\"resultType\":\"Start\",\"resultSignature\":\"Started.\",\"correlationId\":"
                + "\"6e6e6e6e-0000-4000-8000-000000000001\"" + extraFields + "}";
    }

    @Test
    void keepsAllSevenFractionDigitsOfAzureTimestamps() throws IOException {
        NormalizedEvent event = single(exported(""));

        assertThat(event.time()).isEqualTo(Instant.parse("2024-12-16T19:10:00.1000000Z"));
        String withFullFraction =
                "{\"time\":\"2024-12-16T19:10:00.1234567Z\",\"operationName\":\"Microsoft.Compute/disks/write\"}";
        assertThat(single(withFullFraction).time().getNano()).isEqualTo(123_456_700);
    }

    @Test
    void takesSubscriptionFromUpperCaseResourceIdWhenRecordNamesNone() throws IOException {
        NormalizedEvent event = single(exported(""));

        assertThat(event.account()).isEqualTo(SUBSCRIPTION);
        assertThat(event.resource()).isEqualTo(VM.toLowerCase());
        assertThat(event.attribute("resourceGroup")).isEqualTo("rg-ml-training");
    }

    @Test
    void readsRequestBodySpelledInCamelCase() throws IOException {
        NormalizedEvent event = single(exported(",\"properties\":{\"requestBody\":"
                + "\"{\\\"location\\\":\\\"West Europe\\\",\\\"properties\\\":{\\\"hardwareProfile\\\":"
                + "{\\\"vmSize\\\":\\\"Standard_ND96amsr_A100_v4\\\"}}}\"}"));

        assertThat(event.attribute("request.properties.hardwareProfile.vmSize")).isEqualTo("Standard_ND96amsr_A100_v4");
        assertThat(event.region()).isEqualTo("westeurope");
    }

    @Test
    void keepsRequestBodyThatIsNotJsonAsText() throws IOException {
        NormalizedEvent event = single(exported(",\"properties\":{\"requestbody\":\"name=train-gpu-03&size=large\"}"));

        assertThat(event.attribute("request")).isEqualTo("name=train-gpu-03&size=large");
    }

    @Test
    void keepsWhatWasReadBeforeTheDamageOfACutOffRequestBody() throws IOException {
        String cut = "{\\\"location\\\":\\\"eastus\\\",\\\"properties\\\":{\\\"hardwareProfile\\\":"
                + "{\\\"vmSize\\\":\\\"Standard_NC96ads_A100_v4\\\"},\\\"storageProf";
        NormalizedEvent event = single(exported(",\"properties\":{\"requestbody\":\"" + cut + "\"}"));

        assertThat(event.attribute("request.properties.hardwareProfile.vmSize")).isEqualTo("Standard_NC96ads_A100_v4");
        assertThat((String) event.attribute("request")).startsWith("{\"location\":\"eastus\"");
        assertThat(event.region()).isEqualTo("eastus");
    }

    @Test
    void treatsGlobalAsNoRegionAndUsesAnyOtherLocationOfTheRecord() throws IOException {
        assertThat(single(exported(",\"location\":\"global\"")).region()).isNull();
        assertThat(single(exported(",\"location\":\"East US 2\"")).region()).isEqualTo("eastus2");
    }

    @Test
    void readsLevelWrittenAsNumberOrAsInformation() throws IOException {
        assertThat(single(exported(",\"Level\":4")).attribute("level")).isEqualTo("Informational");
        assertThat(single(exported(",\"level\":\"Information\"")).attribute("level"))
                .isEqualTo("Informational");
        assertThat(single(exported(",\"level\":\"Warning\"")).attribute("level"))
                .isEqualTo("Warning");
    }

    @Test
    void namesOldExportCategoryOfOperationKindAdministrative() throws IOException {
        NormalizedEvent event =
                single(exported("").replace("\"category\":\"Administrative\"", "\"category\":\"Write\""));

        assertThat(event.attribute("category")).isEqualTo("Administrative");
    }

    @Test
    void namesServiceByOperationNamespaceRatherThanImpactedResourceProvider() throws IOException {
        String policy = "{\"caller\":\"c0a1b2c3-d4e5-4f60-8172-93a4b5c6d7e8\",\"correlationId\":"
                + "\"7e7e7e7e-0000-4000-8000-000000000001\",\"eventTimestamp\":\"2024-12-16T19:12:40.5518203Z\","
                + "\"level\":\"Warning\",\"operationName\":"
                + "{\"value\":\"Microsoft.Authorization/policies/audit/action\"},"
                + "\"resourceProviderName\":{\"value\":\"Microsoft.Compute\"},\"resourceId\":\"" + VM.toLowerCase()
                + "\",\"status\":{\"value\":\"Succeeded\"},\"category\":{\"value\":\"Policy\"},\"subscriptionId\":\""
                + SUBSCRIPTION + "\",\"properties\":{\"isComplianceCheck\":\"False\",\"resourceLocation\":\"eastus\","
                + "\"policies\":\"[{\\\"policyDefinitionEffect\\\":\\\"Audit\\\"}]\"}}";

        NormalizedEvent event = single(policy);

        assertThat(event.service()).isEqualTo("microsoft.authorization");
        assertThat(event.attributes())
                .contains(
                        entry("category", "Policy"),
                        entry("properties.isComplianceCheck", "False"),
                        entry("properties.policies", "[{\"policyDefinitionEffect\":\"Audit\"}]"));
    }

    @Test
    void readsServiceHealthEventThatNoOneCalled() throws IOException {
        String health = "{\"channels\":\"Admin\",\"correlationId\":\"8e8e8e8e-0000-4000-8000-000000000001\","
                + "\"description\":\"Active: Virtual Machines - Sweden Central\",\"eventDataId\":"
                + "\"9e9e9e9e-0000-4000-8000-000000000001\",\"eventName\":{\"value\":null},\"category\":"
                + "{\"value\":\"ServiceHealth\",\"localizedValue\":\"Service Health\"},\"eventTimestamp\":"
                + "\"2024-12-16T20:01:14.8022297Z\",\"level\":\"Warning\",\"operationName\":{\"value\":"
                + "\"Microsoft.ServiceHealth/incident/action\"},\"resourceProviderName\":{\"value\":null},"
                + "\"resourceId\":\"/subscriptions/" + SUBSCRIPTION + "\",\"status\":{\"value\":\"Active\"},"
                + "\"subStatus\":{\"value\":null},\"subscriptionId\":\"" + SUBSCRIPTION + "\",\"properties\":{"
                + "\"title\":\"Virtual Machines - Sweden Central\",\"service\":\"Virtual Machines\","
                + "\"region\":\"Sweden Central\",\"incidentType\":\"Incident\",\"trackingId\":\"XL2B-8T0\"}}";

        NormalizedEvent event = single(health);

        assertThat(event.principal()).isNull();
        assertThat(event.sourceIp()).isNull();
        assertThat(event.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(event.resource()).isEqualTo("/subscriptions/" + SUBSCRIPTION);
        assertThat(event.service()).isEqualTo("microsoft.servicehealth");
        assertThat(event.attributes())
                .contains(
                        entry("status", "Active"),
                        entry("category", "ServiceHealth"),
                        entry("properties.incidentType", "Incident"))
                .doesNotContainKeys("identity.type", "resourceGroup");
    }

    @Test
    void usesEventDataIdWhenRecordHasNoCorrelationId() throws IOException {
        NormalizedEvent event = single("{\"eventDataId\":\"AB12CD34-0000-4000-8000-000000000001\","
                + "\"eventTimestamp\":\"2024-12-16T19:20:00Z\","
                + "\"operationName\":{\"value\":\"Microsoft.Compute/disks/write\"},"
                + "\"status\":{\"value\":\"Succeeded\"}}");

        assertThat(event.eventId()).isEqualTo("ab12cd34-0000-4000-8000-000000000001");
    }

    @Test
    void derivesSameIdWhenSameRecordIsDeliveredTwice() throws IOException {
        String record = "{\"TimeGenerated\":\"2024-12-16T19:21:00.5000000Z\",\"OperationNameValue\":"
                + "\"MICROSOFT.COMPUTE/VIRTUALMACHINES/START/ACTION\",\"ActivityStatusValue\":\"Success\",\"Caller\":"
                + "\"dana.ops@example.com\",\"CallerIpAddress\":\"203.0.113.45\",\"_ResourceId\":\"" + VM.toLowerCase()
                + "\"}";

        CollectingListener twice = parse(utf8(record + "\n" + record + "\n"));
        CollectingListener again = parse(utf8("[" + record + "]"));

        String id = twice.event(0).eventId();
        assertThat(id).matches("derived:[0-9a-f]{32}");
        assertThat(twice.event(1).eventId()).isEqualTo(id);
        assertThat(again.event(0).eventId()).isEqualTo(id);
    }

    @Test
    void derivesDifferentIdsForRecordsThatDiffer() throws IOException {
        String first = "{\"time\":\"2024-12-16T19:22:00Z\",\"operationName\":\"MICROSOFT.COMPUTE/VIRTUALMACHINES/"
                + "START/ACTION\",\"resultType\":\"Start\",\"callerIpAddress\":\"203.0.113.45\",\"resourceId\":\""
                + VM + "\"}";
        String later = first.replace("19:22:00Z", "19:22:01Z");
        String finished = first.replace("\"Start\"", "\"Success\"");
        String otherAddress = first.replace("203.0.113.45", "203.0.113.46");

        CollectingListener result = parse(utf8(String.join("\n", first, later, finished, otherAddress)));

        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .doesNotHaveDuplicates()
                .hasSize(4);
    }

    @Test
    void usesDisplayOperationNameOfOldLogAnalyticsRowsOnlyWhenItIsAnOperation() throws IOException {
        String row = "{\"TimeGenerated\":\"2024-12-16T19:23:00Z\",\"OperationName\":"
                + "\"Microsoft.Compute/virtualMachines/delete\",\"ActivityStatus\":\"Succeeded\",\"SubscriptionId\":\""
                + SUBSCRIPTION.toUpperCase() + "\",\"CorrelationId\":\"0f0f0f0f-0000-4000-8000-000000000001\"}";

        NormalizedEvent event = single(row);

        assertThat(event.action()).isEqualTo("microsoft.compute/virtualmachines/delete");
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.account()).isEqualTo(SUBSCRIPTION);
    }

    @Test
    void namesServicePrincipalByApplicationIdWhenClaimsLackObjectId() throws IOException {
        NormalizedEvent event =
                single(exported(",\"identity\":{\"claims\":{\"appid\":\"9B8A7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D\""
                        + ",\"appidacr\":\"2\"}}"));

        assertThat(event.principal()).isEqualTo("9B8A7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D");
        assertThat(event.attribute("identity.type")).isEqualTo("ServicePrincipal");
    }

    @Test
    void keepsFirstTimeFieldWhenRecordCarriesSeveral() throws IOException {
        NormalizedEvent event = single("{\"eventTimestamp\":\"2024-12-16T19:24:00Z\",\"submissionTimestamp\":"
                + "\"2024-12-16T19:26:00Z\",\"TimeGenerated\":\"2024-12-16T19:27:00Z\",\"operationName\":{\"value\":"
                + "\"Microsoft.Compute/disks/write\"}}");

        assertThat(event.time()).isEqualTo(Instant.parse("2024-12-16T19:24:00Z"));
    }

    @Test
    void readsRecordWhoseFieldsAreNullOrEmptyStrings() throws IOException {
        String row = "{\"TimeGenerated\":\"2024-12-16T19:25:00Z\","
                + "\"OperationNameValue\":\"MICROSOFT.COMPUTE/DISKS/WRITE\",\"Caller\":\"\",\"CallerIpAddress\":\"\","
                + "\"Claims\":\"\",\"Claims_d\":null,\"Authorization\":\"\",\"HTTPRequest\":\"\",\"Properties\":\"\","
                + "\"Properties_d\":null,\"SubscriptionId\":\"\",\"_ResourceId\":\"\",\"ActivityStatusValue\":\"\","
                + "\"ActivitySubstatusValue\":null,\"CategoryValue\":\"\",\"Level\":\"\",\"CorrelationId\":\"\","
                + "\"EventDataId\":\"\"}";

        NormalizedEvent event = single(row);

        assertThat(event.principal()).isNull();
        assertThat(event.sourceIp()).isNull();
        assertThat(event.account()).isNull();
        assertThat(event.resource()).isNull();
        assertThat(event.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(event.eventId()).startsWith("derived:");
        assertThat(event.attributes()).isEmpty();
    }

    @Test
    void keepsWhoAndWhatWhenRequestBodyIsHuge() throws IOException {
        String fields = IntStream.range(0, 400)
                .mapToObj(i -> "\\\"tag" + i + "\\\":\\\"v\\\"")
                .collect(Collectors.joining(","));
        NormalizedEvent event = single(exported(",\"identity\":{\"claims\":{\"http://schemas.xmlsoap.org/ws/2005/05/"
                + "identity/claims/upn\":\"dana.ops@example.com\"}},\"properties\":{\"message\":\"Microsoft.Compute/"
                + "virtualMachines/write\",\"requestbody\":\"{\\\"tags\\\":{" + fields + "}}\"}"));

        assertThat(event.attributes()).hasSize(AttributeCollector.MAX_ENTRIES);
        assertThat(event.attributes())
                .contains(
                        entry("status", "Started"),
                        entry("claims.upn", "dana.ops@example.com"),
                        entry("identity.type", "User"),
                        entry("request.tags.tag0", "v"))
                .doesNotContainKeys("request.tags.tag399", "properties.message");
    }
}
