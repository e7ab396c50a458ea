package io.hijackwatch.collector.pull;

/**
 * One setting a source kind accepts.
 *
 * @param name the key in the source's settings (for example {@code queueUrl})
 * @param description what it is for, shown in errors and the API documentation
 * @param required whether a source cannot work without it
 * @param secretReference whether the value names a secret ({@code env:NAME} or {@code file:/path}) rather than
 *     being one; such values are resolved through {@link SecretResolver} only when the collector needs them, and a
 *     plain value is refused
 */
public record SourceSetting(String name, String description, boolean required, boolean secretReference) {

    public static SourceSetting required(String name, String description) {
        return new SourceSetting(name, description, true, false);
    }

    public static SourceSetting optional(String name, String description) {
        return new SourceSetting(name, description, false, false);
    }

    public static SourceSetting secret(String name, String description) {
        return new SourceSetting(name, description, false, true);
    }
}
