package io.hijackwatch.source;

import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceSetting;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The kinds of pull source this build can read, found on the class path, and what each accepts as settings. */
final class SourceKinds {

    private final Map<String, SourceCollectorFactory> factories;

    SourceKinds(Iterable<SourceCollectorFactory> found) {
        Map<String, SourceCollectorFactory> byKind = new TreeMap<>();
        for (SourceCollectorFactory factory : found) {
            if (byKind.putIfAbsent(factory.kind(), factory) != null) {
                throw new IllegalStateException("Two collectors claim the source kind " + factory.kind());
            }
        }
        this.factories = Collections.unmodifiableMap(byKind);
    }

    static SourceKinds discover() {
        return new SourceKinds(ServiceLoader.load(SourceCollectorFactory.class));
    }

    Optional<SourceCollectorFactory> find(String kind) {
        return Optional.ofNullable(factories.get(kind));
    }

    Set<String> kinds() {
        return factories.keySet();
    }

    /**
     * Checks settings against what their kind declares: no unknown keys, every required one present, and each
     * secret a reference the operator allows.
     *
     * @throws InvalidSourceSettingsException with a message that repeats no value
     */
    static void check(SourceCollectorFactory factory, Map<String, String> settings, SecretReferences secrets) {
        Map<String, SourceSetting> declared =
                factory.settings().stream().collect(Collectors.toMap(SourceSetting::name, setting -> setting));
        for (String key : settings.keySet()) {
            if (!declared.containsKey(key)) {
                throw new InvalidSourceSettingsException("A source of kind " + factory.kind() + " has no setting '"
                        + key + "'; it accepts " + new TreeMap<>(declared).keySet() + ".");
            }
        }
        for (SourceSetting setting : declared.values()) {
            String value = settings.get(setting.name());
            boolean missing = value == null || value.isBlank();
            if (missing && setting.required()) {
                throw new InvalidSourceSettingsException(
                        "The setting " + setting.name() + " is required: " + setting.description());
            }
            if (!missing && setting.secretReference()) {
                secrets.check(setting.name(), value);
            }
        }
    }
}
