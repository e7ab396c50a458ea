package io.hijackwatch.baseline;

import java.util.Locale;

/** The kinds of hourly series kept per account; each has keys (a country, a prefix, a channel). */
enum Series {
    /** All outbound SMS of the account, under the key {@link #ALL}. */
    ACCOUNT,
    /** Outbound SMS per destination country (ISO 3166 alpha-2, or {@code unknown}). */
    COUNTRY,
    /** Outbound SMS per destination prefix (the E.164 number without its last three digits). */
    PREFIX,
    /** Messages sent per channel: {@code provider:service:action}. */
    CHANNEL;

    static final String ALL = "all";

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Series fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
