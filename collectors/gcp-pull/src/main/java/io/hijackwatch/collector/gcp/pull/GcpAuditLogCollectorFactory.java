package io.hijackwatch.collector.gcp.pull;

import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.util.List;

/**
 * The {@code gcp-audit-log} source: a GCP project whose Cloud Audit Logs (Admin Activity and System Event by default,
 * Data Access on request) are read through the Cloud Logging API.
 */
public final class GcpAuditLogCollectorFactory implements SourceCollectorFactory {

    public static final String KIND = "gcp-audit-log";

    private static final List<SourceSetting> SETTINGS = List.of(
            SourceSetting.required(
                    GcpAuditLogSettings.PROJECT_ID, "The id of the GCP project whose audit logs are read."),
            SourceSetting.secret(
                    GcpAuditLogSettings.CREDENTIALS_FILE,
                    "A service account key in JSON (file:/path or env:NAME); without it, Application Default"
                            + " Credentials such as workload identity are used."),
            SourceSetting.optional(
                    GcpAuditLogSettings.LOGS,
                    "The audit logs read, comma-separated: activity, system_event, data_access (default"
                            + " activity,system_event)."),
            SourceSetting.optional(
                    GcpAuditLogSettings.OVERLAP,
                    "How far back each read reaches into the window read before, for entries written late (ISO-8601,"
                            + " default PT10M, at most PT1H)."),
            SourceSetting.optional(
                    GcpAuditLogSettings.INITIAL_LOOKBACK,
                    "How far back the first read of a new source starts (ISO-8601, default PT1H, at most P30D)."));

    private final Pacing pacing;

    public GcpAuditLogCollectorFactory() {
        this(Pacing.CLOUD_LOGGING_QUOTA);
    }

    GcpAuditLogCollectorFactory(Pacing pacing) {
        this.pacing = pacing;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Provider provider() {
        return Provider.GCP;
    }

    @Override
    public List<SourceSetting> settings() {
        return SETTINGS;
    }

    @Override
    public SourceCollector open(SourceConfig config) {
        return new GcpAuditLogCollector(config, GcpAuditLogSettings.from(config), pacing);
    }
}
