package io.hijackwatch.scan;

import io.hijackwatch.alert.Alert;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/** Prints alerts one per line: a readable line, or a JSON object with every field. */
final class AlertPrinter {

    private static final JsonFactory JSON =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private AlertPrinter() {}

    static void print(List<Alert> alerts, ScanOptions.OutputFormat format, PrintStream out) {
        for (Alert alert : alerts) {
            if (format == ScanOptions.OutputFormat.JSON) {
                printJson(alert, out);
            } else {
                printText(alert, out);
            }
        }
    }

    private static void printText(Alert alert, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%s  %-8s %-9s %s  account=%s principal=%s count=%d  %s%n",
                alert.firstSeen(),
                alert.severity().id(),
                alert.technique(),
                alert.ruleId(),
                alert.account(),
                alert.principal(),
                alert.count(),
                alert.summary());
    }

    private static void printJson(Alert alert, PrintStream out) {
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeStringProperty("ruleId", alert.ruleId());
            json.writeStringProperty("title", alert.title());
            json.writeStringProperty("severity", alert.severity().id());
            json.writeStringProperty("technique", alert.technique());
            json.writeStringProperty("provider", alert.provider());
            json.writeStringProperty("account", alert.account());
            json.writeStringProperty("region", alert.region());
            json.writeStringProperty("principal", alert.principal());
            json.writeStringProperty("firstSeen", alert.firstSeen().toString());
            json.writeStringProperty("lastSeen", alert.lastSeen().toString());
            json.writeNumberProperty("count", alert.count());
            json.writeStringProperty("status", alert.status().id());
            json.writeStringProperty("summary", alert.summary());
            writeEvidence(json, alert.evidence());
            json.writeArrayPropertyStart("runbook");
            for (String step : alert.runbook()) {
                json.writeString(step);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.println();
    }

    private static void writeEvidence(JsonGenerator json, Alert.Evidence evidence) {
        json.writeObjectPropertyStart("evidence");
        json.writeArrayPropertyStart("eventIds");
        for (String id : evidence.eventIds()) {
            json.writeString(id);
        }
        json.writeEndArray();
        json.writeObjectPropertyStart("fields");
        for (Map.Entry<String, Object> field : evidence.fields().entrySet()) {
            json.writeName(field.getKey());
            writeValue(json, field.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, Object value) {
        if (value instanceof List<?> list) {
            json.writeStartArray();
            list.forEach(item -> writeValue(json, item));
            json.writeEndArray();
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else {
            json.writeString(String.valueOf(value));
        }
    }
}
