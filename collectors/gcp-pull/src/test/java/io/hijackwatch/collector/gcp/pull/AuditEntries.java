package io.hijackwatch.collector.gcp.pull;

import com.google.cloud.audit.AuditLog;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Audit log entries of the project {@code example-ml-prod}: the exported JSON in {@code entries.jsonl}, and the same
 * entries as the protobuf messages Cloud Logging serves.
 */
public final class AuditEntries {

    public static final String PROJECT = "example-ml-prod";
    public static final String ACTIVITY_LOG = "projects/example-ml-prod/logs/cloudaudit.googleapis.com%2Factivity";
    public static final String SYSTEM_EVENT_LOG =
            "projects/example-ml-prod/logs/cloudaudit.googleapis.com%2Fsystem_event";
    public static final String DATA_ACCESS_LOG =
            "projects/example-ml-prod/logs/cloudaudit.googleapis.com%2Fdata_access";

    private static final JsonFormat.Parser PARSER = JsonFormat.parser()
            .usingTypeRegistry(
                    TypeRegistry.newBuilder().add(AuditLog.getDescriptor()).build());

    private AuditEntries() {}

    /** The exported entries, one JSON object a line, between 10:00 and 10:05 on 2026-12-03 (UTC). */
    public static String exportedJson() {
        try (InputStream in = AuditEntries.class.getResourceAsStream("/gcp-audit-log/entries.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<LogEntry> exported() {
        return exportedJson().lines().map(AuditEntries::fromJson).toList();
    }

    public static LogEntry fromJson(String json) {
        LogEntry.Builder entry = LogEntry.newBuilder();
        try {
            PARSER.merge(json, entry);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
        return entry.build();
    }

    /** The GPU instance insert of the export, as a new entry of its own at another time. */
    public static LogEntry gpuInsertAt(Instant time, String insertId) {
        return exported().get(0).toBuilder()
                .setTimestamp(Timestamps.fromMillis(time.toEpochMilli()))
                .setInsertId(insertId)
                .clearOperation()
                .build();
    }

    /** Entries of the activity log at the given times, each its own GPU instance insert. */
    public static List<LogEntry> gpuInsertsAt(Instant... times) {
        List<LogEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            entries.add(gpuInsertAt(times[i], "insert-" + i));
        }
        return entries;
    }
}
