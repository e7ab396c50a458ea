package io.hijackwatch.notify;

import io.hijackwatch.alert.Alert;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code data} of a notification: the alert as it was when the notification was written, and its address in
 * the API. Kept in the outbox, so that a retry a day later sends what happened, not what the alert has become.
 */
final class AlertPayload {

    private AlertPayload() {}

    static Map<String, Object> of(Alert alert, Alert before, URI publicUrl) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alert", alert(alert));
        data.put("link", link(publicUrl, alert.id()));
        if (before != null) {
            Map<String, Object> previous = new LinkedHashMap<>();
            previous.put("severity", before.severity().id());
            previous.put("count", before.count());
            previous.put("status", before.status().id());
            data.put("previous", previous);
        }
        return data;
    }

    static String link(URI publicUrl, long alertId) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/alerts/" + alertId;
    }

    private static Map<String, Object> alert(Alert alert) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", alert.id());
        view.put("ruleId", alert.ruleId());
        view.put("title", alert.title());
        view.put("severity", alert.severity().id());
        view.put("technique", alert.technique());
        view.put("provider", alert.provider());
        view.put("account", alert.account());
        view.put("region", alert.region());
        view.put("principal", alert.principal());
        view.put("firstSeen", alert.firstSeen().toString());
        view.put("lastSeen", alert.lastSeen().toString());
        view.put("count", alert.count());
        view.put("status", alert.status().id());
        view.put("summary", alert.summary());
        view.put(
                "evidence",
                Map.of(
                        "eventIds",
                        alert.evidence().eventIds(),
                        "fields",
                        alert.evidence().fields()));
        view.put("runbook", alert.runbook());
        return view;
    }
}
