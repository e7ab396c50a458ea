package io.hijackwatch.collector.azure;

import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.json.FramedJsonParser;
import io.hijackwatch.collector.json.JsonRecordFramer;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonParser;

/**
 * Parses the Azure Activity Log in the shapes its users have on disk, plain or gzip: a page of the REST API ({@code
 * {"value":[...]}}, also as printed by {@code az monitor activity-log list} and in the snake_case the Python SDK
 * writes), a diagnostic-setting export to Event Hubs or storage ({@code {"records":[...]}} or one record per line),
 * and Log Analytics {@code AzureActivity} rows as objects. Resource logs of other categories that share an Event Hub
 * with the Activity Log are skipped.
 */
public final class AzureActivityParser extends FramedJsonParser<ActivityRecord> {

    public static final String FORMAT = "azure-activity";

    private static final Set<String> CONTAINER_FIELDS = Set.of("value", "records");
    private static final int MAX_REASON_CHARS = 300;

    /** Field names no other log uses, one set per shape: REST (both spellings), diagnostic export, Log Analytics. */
    private static final List<String> FIELD_NAMES = List.of(
            "\"eventDataId\"",
            "\"eventTimestamp\"",
            "\"submissionTimestamp\"",
            "\"event_data_id\"",
            "\"event_timestamp\"",
            "\"OperationNameValue\"",
            "\"ActivityStatusValue\"",
            "\"CategoryValue\"");

    private final ActivityRecordReader reader;

    public AzureActivityParser() {
        this(JsonRecordFramer.DEFAULT_MAX_RECORD_BYTES);
    }

    public AzureActivityParser(int maxRecordBytes) {
        super(CONTAINER_FIELDS, maxRecordBytes);
        this.reader = new ActivityRecordReader(json());
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Provider provider() {
        return Provider.AZURE;
    }

    /**
     * REST events name {@code eventDataId} or {@code eventTimestamp} (or their snake_case forms) and open with {@code
     * authorization}, {@code caller} and {@code claims}; Log Analytics rows name {@code OperationNameValue}; a
     * diagnostic export names {@code resultType} beside {@code operationName} and {@code resourceId}. Neither
     * CloudTrail nor Cloud Audit Logs use any of these.
     */
    @Override
    public boolean recognizes(String head) {
        for (String name : FIELD_NAMES) {
            if (head.contains(name)) {
                return true;
            }
        }
        return (head.contains("\"caller\"") && (head.contains("\"claims\"") || head.contains("\"authorization\"")))
                || (head.contains("\"resultType\"")
                        && head.contains("\"operationName\"")
                        && head.contains("\"resourceId\""));
    }

    @Override
    protected ActivityRecord read(JsonParser parser) {
        return reader.read(parser);
    }

    @Override
    protected void report(long index, ActivityRecord record, ParseListener listener) {
        String skipped = record.skipReason();
        if (skipped != null) {
            listener.onSkipped(index, skipped);
            return;
        }
        listener.onEvent(record.toEvent());
    }
}
