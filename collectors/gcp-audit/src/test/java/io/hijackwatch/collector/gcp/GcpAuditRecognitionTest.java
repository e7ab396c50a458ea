package io.hijackwatch.collector.gcp;

import static io.hijackwatch.collector.gcp.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.EventParsers;
import io.hijackwatch.collector.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Telling audit log exports from other inputs by their head, and finding the parser by name and provider. */
class GcpAuditRecognitionTest {

    private static final int HEAD_CHARS = 16 * 1024;

    private final GcpAuditParser parser = new GcpAuditParser();

    private static String head(String fixture) {
        String text = new String(bytes(fixture), StandardCharsets.UTF_8);
        return text.substring(0, Math.min(text.length(), HEAD_CHARS));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "entries.jsonl",
                "gcloud-logging-read.json",
                "entries-list-page.json",
                "pubsub-push.jsonl",
                "pubsub-push.json",
                "pubsub-pull.json",
                "quirks.jsonl"
            })
    void recognizesEveryShape(String fixture) {
        assertThat(parser.recognizes(head(fixture))).isTrue();
    }

    @Test
    void recognizesHeadsCutShortInTheMiddleOfTheFirstEntry() {
        assertThat(parser.recognizes(head("entries.jsonl").substring(0, 40))).isTrue();
        assertThat(parser.recognizes(head("pubsub-push.json").substring(0, 300)))
                .isTrue();
    }

    @Test
    void recognizesPubSubDeliveryFromItsDataEvenWhenTheDataIsCut() {
        String push = Fixtures.lines("pubsub-push.jsonl").get(0);
        int dataStart = push.indexOf("\"data\":\"") + "\"data\":\"".length();

        assertThat(parser.recognizes(push.substring(0, dataStart + 23))).isTrue();
    }

    @Test
    void doesNotRecognizePubSubMessagesCarryingSomethingElse() {
        String order = Base64.getEncoder()
                .encodeToString("{\"orderId\":\"A-1001\",\"amount\":42.5,\"currency\":\"EUR\"}"
                        .getBytes(StandardCharsets.UTF_8));
        String push = "{\"message\":{\"data\":\"" + order + "\",\"messageId\":\"1\",\"publishTime\":"
                + "\"2024-12-16T18:00:00Z\"},\"subscription\":\"projects/p/subscriptions/orders\"}";

        assertThat(parser.recognizes(push)).isFalse();
    }

    @Test
    void doesNotRecognizeCloudTrailRecords() {
        String s3File = "{\"Records\":[{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\"},"
                + "\"eventTime\":\"2024-12-16T18:41:07Z\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"RunInstances\",\"awsRegion\":\"ap-southeast-3\"}]}";
        String lookupEvents = "{\"Events\":[{\"EventId\":\"5a4b3c2d\",\"EventName\":\"AssumeRole\","
                + "\"CloudTrailEvent\":\"{\\\"eventVersion\\\":\\\"1.08\\\"}\"}]}";
        String eventBridge = "{\"version\":\"0\",\"id\":\"f5a6\",\"detail-type\":\"AWS API Call via CloudTrail\","
                + "\"source\":\"aws.ec2\",\"account\":\"111122223333\",\"time\":\"2024-12-16T18:41:07Z\","
                + "\"detail\":{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\"}}";

        assertThat(List.of(s3File, lookupEvents, eventBridge)).noneMatch(parser::recognizes);
    }

    @Test
    void doesNotRecognizeAzureActivityLogs() {
        String rest = "{\"value\":[{\"authorization\":{\"action\":\"Microsoft.Compute/virtualMachines/write\","
                + "\"scope\":\"/subscriptions/00000000-0000-4000-8000-000000000001\"},\"caller\":\"ops@example.com\","
                + "\"correlationId\":\"c1\",\"eventDataId\":\"e1\",\"eventName\":{\"value\":\"EndRequest\"},"
                + "\"operationName\":{\"value\":\"Microsoft.Compute/virtualMachines/write\"},"
                + "\"eventTimestamp\":\"2024-12-16T18:41:07Z\","
                + "\"subscriptionId\":\"00000000-0000-4000-8000-000000000001\"}]}";
        String diagnostic = "{\"records\":[{\"time\":\"2024-12-16T18:41:07Z\",\"resourceId\":\"/SUBSCRIPTIONS/X\","
                + "\"operationName\":\"MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE\",\"category\":\"Administrative\","
                + "\"resultType\":\"Success\",\"callerIpAddress\":\"203.0.113.5\",\"identity\":{},"
                + "\"level\":\"Information\","
                + "\"properties\":{\"requestbody\":\"{}\"}}]}";
        String logAnalytics = "[{\"TimeGenerated\":\"2024-12-16T18:41:07Z\",\"OperationNameValue\":\"MICROSOFT.QUOTA/"
                + "QUOTAS/WRITE\",\"ActivityStatusValue\":\"Success\",\"Caller\":\"ops@example.com\","
                + "\"Properties\":\"{}\"}]";

        assertThat(List.of(rest, diagnostic, logAnalytics)).noneMatch(parser::recognizes);
    }

    @Test
    void doesNotRecognizeEmptyOrUnrelatedJson() {
        assertThat(List.of("", "{}", "[]", "{\"name\":\"x\",\"data\":\"eyJhIjoxfQ==\"}"))
                .noneMatch(parser::recognizes);
    }

    @Test
    void isFoundByServiceLoaderUnderItsFormatAndProvider() {
        List<EventParser> parsers = ServiceLoader.load(EventParser.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        EventParsers discovered = EventParsers.discover();

        assertThat(parsers)
                .filteredOn(found -> found.format().equals("gcp-audit"))
                .singleElement()
                .isInstanceOf(GcpAuditParser.class);
        assertThat(discovered.forFormat("gcp-audit")).get().isInstanceOf(GcpAuditParser.class);
        assertThat(discovered.forProvider(Provider.GCP)).get().isInstanceOf(GcpAuditParser.class);
        assertThat(discovered.recognize(head("pubsub-pull.json"))).get().isInstanceOf(GcpAuditParser.class);
    }
}
