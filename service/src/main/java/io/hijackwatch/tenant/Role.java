package io.hijackwatch.tenant;

import java.util.Locale;

/** What an API key may do within its tenant. */
public enum Role {
    /** Manages the tenant's sources, channels and keys, and may do what the other roles do. */
    ADMIN,
    /** Reads alerts and baselines. */
    READER,
    /** Only posts events. */
    INGEST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    public boolean mayIngest() {
        return this == ADMIN || this == INGEST;
    }

    public boolean mayRead() {
        return this == ADMIN || this == READER;
    }
}
