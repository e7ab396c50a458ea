package io.hijackwatch.collector.pull;

/** A source's settings cannot work; the message says which setting and why, and is shown to the tenant. */
public class InvalidSourceSettingsException extends IllegalArgumentException {

    public InvalidSourceSettingsException(String message) {
        super(message);
    }
}
