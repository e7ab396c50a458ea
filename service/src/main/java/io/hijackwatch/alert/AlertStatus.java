package io.hijackwatch.alert;

import java.util.Locale;

/** Where an alert stands in its workflow. */
public enum AlertStatus {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED,
    SUPPRESSED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertStatus fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
