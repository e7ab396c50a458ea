package io.hijackwatch.collector.azure.pull;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Cuts a source's client secret out of text that is about to be shown or logged. Messages are built not to contain
 * it; this is the guard against a library that echoes what it was given.
 */
final class Redaction {

    private static final String HIDDEN = "[redacted]";

    private final AtomicReference<String> secret = new AtomicReference<>();

    void hide(String value) {
        if (value != null && !value.isEmpty()) {
            secret.set(value);
        }
    }

    String apply(String text) {
        String value = secret.get();
        return value == null || text == null ? text : text.replace(value, HIDDEN);
    }
}
