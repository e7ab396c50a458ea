package io.hijackwatch.collector.gcp.pull;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The audit logs of a project that a source can read, each named as in the {@code logs} setting. */
enum AuditLogStream {
    ACTIVITY("activity"),
    SYSTEM_EVENT("system_event"),
    DATA_ACCESS("data_access");

    private final String settingName;

    AuditLogStream(String settingName) {
        this.settingName = settingName;
    }

    String settingName() {
        return settingName;
    }

    /** The log's full name in a project, with the slash of its id URL-encoded as Cloud Logging writes it. */
    String logName(String projectId) {
        return "projects/" + projectId + "/logs/cloudaudit.googleapis.com%2F" + settingName;
    }

    static Optional<AuditLogStream> named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(stream -> stream.settingName.equals(wanted))
                .findFirst();
    }
}
