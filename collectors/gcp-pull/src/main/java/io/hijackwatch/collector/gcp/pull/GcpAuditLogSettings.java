package io.hijackwatch.collector.gcp.pull;

import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A source's settings, checked.
 *
 * @param projectId the project whose audit logs are read
 * @param credentialsReference where the service account key is ({@code file:/path} or {@code env:NAME}); empty for
 *     Application Default Credentials
 * @param logs the audit logs read
 * @param overlap how far before the end of the last read window the next read starts, for entries that arrive late
 * @param initialLookback how far back the first read of a new source starts
 */
record GcpAuditLogSettings(
        String projectId,
        Optional<String> credentialsReference,
        Set<AuditLogStream> logs,
        Duration overlap,
        Duration initialLookback) {

    static final String PROJECT_ID = "projectId";
    static final String CREDENTIALS_FILE = "credentialsFile";
    static final String LOGS = "logs";
    static final String OVERLAP = "overlap";
    static final String INITIAL_LOOKBACK = "initialLookback";

    static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(10);
    static final Duration DEFAULT_INITIAL_LOOKBACK = Duration.ofHours(1);
    static final Duration MAX_OVERLAP = Duration.ofHours(1);
    static final Duration MAX_INITIAL_LOOKBACK = Duration.ofDays(30);

    /** A project id, optionally under a legacy domain ({@code example.com:my-project}). */
    private static final Pattern PROJECT_ID_SHAPE =
            Pattern.compile("([a-z0-9][a-z0-9.-]{0,62}[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]");

    GcpAuditLogSettings {
        logs = Set.copyOf(logs);
    }

    /** @throws InvalidSourceSettingsException naming the setting that cannot work and why */
    static GcpAuditLogSettings from(SourceConfig config) {
        return new GcpAuditLogSettings(
                projectId(config.requiredSetting(PROJECT_ID)),
                config.setting(CREDENTIALS_FILE).map(String::trim),
                logs(config.setting(LOGS)),
                duration(config, OVERLAP, DEFAULT_OVERLAP, Duration.ZERO, MAX_OVERLAP),
                duration(
                        config,
                        INITIAL_LOOKBACK,
                        DEFAULT_INITIAL_LOOKBACK,
                        Duration.ofMinutes(1),
                        MAX_INITIAL_LOOKBACK));
    }

    private static String projectId(String value) {
        String projectId = value.trim();
        if (!PROJECT_ID_SHAPE.matcher(projectId).matches()) {
            throw new InvalidSourceSettingsException("The setting " + PROJECT_ID
                    + " is not a GCP project id: 6 to 30 lower-case letters, digits or hyphens, starting with a"
                    + " letter (the project id, not its number or display name).");
        }
        return projectId;
    }

    private static Set<AuditLogStream> logs(Optional<String> value) {
        if (value.isEmpty()) {
            return EnumSet.of(AuditLogStream.ACTIVITY, AuditLogStream.SYSTEM_EVENT);
        }
        Set<AuditLogStream> logs = EnumSet.noneOf(AuditLogStream.class);
        for (String name : value.get().split(",")) {
            logs.add(AuditLogStream.named(name).orElseThrow(() -> unknownLog(name)));
        }
        return logs;
    }

    private static InvalidSourceSettingsException unknownLog(String name) {
        String known = Arrays.stream(AuditLogStream.values())
                .map(AuditLogStream::settingName)
                .collect(Collectors.joining(", "));
        return new InvalidSourceSettingsException("The setting " + LOGS + " names an unknown audit log \"" + name.trim()
                + "\"; it is a comma-separated list of " + known + ".");
    }

    private static Duration duration(SourceConfig config, String name, Duration fallback, Duration min, Duration max) {
        Optional<String> value = config.setting(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(value.get().trim());
            if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                throw new InvalidSourceSettingsException(
                        "The setting " + name + " must lie between " + min + " and " + max + ".");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new InvalidSourceSettingsException(
                    "The setting " + name + " is an ISO-8601 duration such as PT10M, not \"" + value.get() + "\".");
        }
    }
}
