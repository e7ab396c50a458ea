package io.hijackwatch.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notification as a Slack incoming-webhook message: Block Kit blocks and a plain {@code text} fallback.
 *
 * <p>Most values come from the audit log, so an attacker chooses them (a principal named {@code <!channel>}, a
 * summary with a link in Slack's syntax). They are sent as {@code plain_text} objects, which Slack shows as typed,
 * and the fallback, which Slack reads as markup, has {@code &}, {@code <} and {@code >} escaped. Long values are cut
 * to Slack's limits, so that a message is never refused for its size.
 */
final class SlackMessage {

    static final int HEADER_LIMIT = 150;
    static final int SECTION_LIMIT = 3000;
    static final int FIELD_LIMIT = 2000;
    static final int BUTTON_TEXT_LIMIT = 75;
    static final int URL_LIMIT = 3000;
    static final int FALLBACK_LIMIT = 4000;

    private SlackMessage() {}

    /** The message body for the event and the notification's data. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> of(NotificationEvent event, Map<String, Object> data) {
        Map<String, Object> alert = (Map<String, Object>) data.getOrDefault("alert", Map.of());
        String severity = text(alert.get("severity")).toUpperCase(java.util.Locale.ROOT);
        String headline = "[" + severity + "] " + verb(event) + text(alert.get("title"));

        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", plain(headline, HEADER_LIMIT)));
        blocks.add(Map.of(
                "type",
                "section",
                "fields",
                List.of(
                        field("Provider", alert.get("provider")),
                        field("Account", alert.get("account")),
                        field("Principal", alert.get("principal")),
                        field("Count", alert.get("count")),
                        field("First seen", alert.get("firstSeen")),
                        field("Last seen", alert.get("lastSeen")),
                        field("Technique", alert.get("technique")),
                        field("Rule", alert.get("ruleId")))));
        blocks.add(Map.of("type", "section", "text", plain(text(alert.get("summary")), SECTION_LIMIT)));
        String firstStep = firstRunbookStep(alert);
        if (!firstStep.isEmpty()) {
            blocks.add(Map.of("type", "section", "text", plain("First step: " + firstStep, SECTION_LIMIT)));
        }
        String link = text(data.get("link"));
        if (!link.isEmpty() && link.length() <= URL_LIMIT) {
            blocks.add(Map.of(
                    "type",
                    "actions",
                    "elements",
                    List.of(Map.of("type", "button", "text", plain("Open alert", BUTTON_TEXT_LIMIT), "url", link))));
        }

        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", truncate(escape(headline + " — " + text(alert.get("summary"))), FALLBACK_LIMIT));
        message.put("blocks", blocks);
        return message;
    }

    private static String verb(NotificationEvent event) {
        switch (event) {
            case ESCALATED:
                return "Escalated: ";
            case RESOLVED:
                return "Resolved: ";
            case TEST:
                return "Test: ";
            default:
                return "";
        }
    }

    @SuppressWarnings("unchecked")
    private static String firstRunbookStep(Map<String, Object> alert) {
        Object runbook = alert.get("runbook");
        if (runbook instanceof List && !((List<Object>) runbook).isEmpty()) {
            return text(((List<Object>) runbook).get(0));
        }
        return "";
    }

    private static Map<String, Object> field(String label, Object value) {
        String shown = text(value);
        return plain(label + ": " + (shown.isEmpty() ? "—" : shown), FIELD_LIMIT);
    }

    private static Map<String, Object> plain(String text, int limit) {
        return Map.of("type", "plain_text", "text", truncate(text.isEmpty() ? "—" : text, limit), "emoji", false);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** Escapes the three characters Slack reads as markup in message text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Cuts a text to at most {@code limit} characters, ending with an ellipsis when cut, never inside a pair. */
    static String truncate(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        String cut = text.substring(0, end);
        int entity = cut.lastIndexOf('&');
        if (entity >= 0 && cut.indexOf(';', entity) < 0 && cut.length() - entity <= 5) {
            cut = cut.substring(0, entity);
        }
        return cut + "…";
    }
}
