package io.hijackwatch.collector.pull;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a collector is opened with.
 *
 * @param sourceId the service's id of the source, for log lines and error messages
 * @param settings the tenant's settings for the source, only those its kind declares; secrets are references
 * @param secrets resolves the references among the settings
 * @param environment what the operator configured for every source
 */
public record SourceConfig(
        String sourceId, Map<String, String> settings, SecretResolver secrets, CollectorEnvironment environment) {

    public SourceConfig {
        Objects.requireNonNull(sourceId, "sourceId");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(environment, "environment");
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name)).filter(value -> !value.isBlank());
    }

    /** @throws InvalidSourceSettingsException when the setting is missing */
    public String requiredSetting(String name) {
        return setting(name)
                .orElseThrow(() -> new InvalidSourceSettingsException("The setting " + name + " is required."));
    }
}
