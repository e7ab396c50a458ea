package io.hijackwatch.collector;

import java.util.Locale;

/** The cloud or SaaS provider whose log an event came from. */
public enum Provider {
    AWS,
    AZURE,
    GCP,
    TWILIO;

    /** The lower-case name used in the API, in rule files and in storage. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Provider fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
