package io.hijackwatch.collector;

import java.util.Locale;

/** Whether the logged call succeeded, as far as the log says. */
public enum Outcome {
    SUCCESS,
    FAILURE,
    UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
