package io.hijackwatch.collector.azure;

import static io.hijackwatch.collector.azure.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.EventParsers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Telling the Activity Log from other audit logs by the first bytes of an input. */
class AzureActivityRecognitionTest {

    private static final int HEAD_BYTES = 16 * 1024;

    private final AzureActivityParser parser = new AzureActivityParser();

    private static String head(String fixture, int length) {
        byte[] all = bytes(fixture);
        return new String(Arrays.copyOf(all, Math.min(length, all.length)), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rest-api-page.json",
                "az-activity-log-list.json",
                "python-sdk-events.jsonl",
                "event-hubs-message.json",
                "storage-PT1H.json",
                "log-analytics-query.json"
            })
    void recognizesEveryShapeFromTheHeadOfAFile(String fixture) {
        String head = head(fixture, HEAD_BYTES);

        assertThat(parser.recognizes(head)).isTrue();
        assertThat(EventParsers.discover().recognize(head)).get().isInstanceOf(AzureActivityParser.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rest-api-page.json",
                "az-activity-log-list.json",
                "python-sdk-events.jsonl",
                "event-hubs-message.json",
                "storage-PT1H.json",
                "log-analytics-query.json"
            })
    void recognizesEveryShapeFromItsFirstThreeKilobytes(String fixture) {
        assertThat(parser.recognizes(head(fixture, 3000))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cloudtrail-s3-delivery.json",
                "cloudtrail-lookup-events.json",
                "cloudtrail-digest.json",
                "gcp-audit-entry.json",
                "gcp-entries-list.json",
                "gcp-pubsub-push.json",
                "twilio-message.json"
            })
    void doesNotRecognizeOtherProvidersLogs(String fixture) {
        assertThat(parser.recognizes(head("other-logs/" + fixture, HEAD_BYTES))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"value\":[]}", "{\"records\":[]}"})
    void doesNotRecognizeInputWithoutActivityLogFields(String head) {
        assertThat(parser.recognizes(head)).isFalse();
    }
}
