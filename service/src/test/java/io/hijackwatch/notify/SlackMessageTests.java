package io.hijackwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SlackMessageTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void attackerChosenValuesAreSentAsPlainTextAndEscapedInTheFallback() {
        String hostile = "<!channel> <https://evil.example|click here> & more";
        Map<String, Object> alert = alert(hostile, hostile);

        JsonNode message = render(NotificationEvent.OPENED, alert);

        assertThat(message.get("text").asString())
                .contains("&lt;!channel&gt; &lt;https://evil.example|click here&gt; &amp; more")
                .doesNotContain("<!channel>");
        assertThat(message.get("blocks").findValues("type").stream().map(JsonNode::asString))
                .doesNotContain("mrkdwn");
        assertThat(message.get("blocks").toString()).contains("Principal: <!channel>");
    }

    @Test
    void longValuesAreCutToSlackLimitsInsteadOfFailingTheSend() {
        String huge = "x".repeat(50_000);
        Map<String, Object> alert = alert(huge, huge);
        alert.put("title", huge);
        alert.put("runbook", List.of(huge));

        JsonNode message = render(NotificationEvent.ESCALATED, alert);

        assertThat(message.get("text").asString()).hasSizeLessThanOrEqualTo(SlackMessage.FALLBACK_LIMIT);
        JsonNode blocks = message.get("blocks");
        assertThat(blocks.get(0).get("text").get("text").asString())
                .hasSize(SlackMessage.HEADER_LIMIT)
                .startsWith("[HIGH] Escalated: xxx")
                .endsWith("…");
        for (JsonNode field : blocks.get(1).get("fields")) {
            assertThat(field.get("text").asString()).hasSizeLessThanOrEqualTo(SlackMessage.FIELD_LIMIT);
        }
        assertThat(blocks.get(1).get("fields")).hasSizeLessThanOrEqualTo(10);
        assertThat(blocks.get(2).get("text").get("text").asString()).hasSize(SlackMessage.SECTION_LIMIT);
        assertThat(blocks.get(3).get("text").get("text").asString()).hasSize(SlackMessage.SECTION_LIMIT);
    }

    @Test
    void messageShowsWhatAResponderNeedsFirst() {
        JsonNode message = render(NotificationEvent.OPENED, alert("arn:aws:iam::111122223333:user/ci", "Quota raised"));

        String blocks = message.get("blocks").toString();
        assertThat(blocks)
                .contains(
                        "[HIGH] GPU quota raised",
                        "Provider: aws",
                        "Account: 111122223333",
                        "Principal: arn:aws:iam::111122223333:user/ci",
                        "First seen: 2026-12-01T10:00:00Z",
                        "Last seen: 2026-12-01T10:05:00Z",
                        "Count: 3",
                        "Quota raised",
                        "First step: Ask the owner whether they asked for it.");
        JsonNode button = message.get("blocks").get(4).get("elements").get(0);
        assertThat(button.get("url").asString()).isEqualTo("https://hw.example.com/api/v1/alerts/7");
    }

    @Test
    void truncationNeverSplitsASurrogatePairOrAnEscape() {
        assertThat(SlackMessage.truncate("ab\uD83D\uDE00cd", 4)).isEqualTo("ab…");
        assertThat(SlackMessage.truncate(SlackMessage.escape("abcd<efgh"), 7)).isEqualTo("abcd…");
        assertThat(SlackMessage.truncate("short", 10)).isEqualTo("short");
    }

    private static JsonNode render(NotificationEvent event, Map<String, Object> alert) {
        Map<String, Object> data = Map.of("alert", alert, "link", "https://hw.example.com/api/v1/alerts/7");
        return JSON.valueToTree(SlackMessage.of(event, data));
    }

    private static Map<String, Object> alert(String principal, String summary) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("id", 7);
        alert.put("title", "GPU quota raised");
        alert.put("severity", "high");
        alert.put("provider", "aws");
        alert.put("account", "111122223333");
        alert.put("principal", principal);
        alert.put("firstSeen", "2026-12-01T10:00:00Z");
        alert.put("lastSeen", "2026-12-01T10:05:00Z");
        alert.put("count", 3);
        alert.put("technique", "T1496.001");
        alert.put("ruleId", "aws.servicequotas.increase_requested");
        alert.put("summary", summary);
        alert.put("runbook", List.of("Ask the owner whether they asked for it.", "Then look at the bill."));
        return alert;
    }
}
