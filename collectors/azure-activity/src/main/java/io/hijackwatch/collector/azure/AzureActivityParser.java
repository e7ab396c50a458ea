package io.hijackwatch.collector.azure;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.json.Decompression;
import io.hijackwatch.collector.json.JsonRecordFramer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses the Azure Activity Log in the shapes its users have on disk, plain or gzip: a page of the REST API ({@code
 * {"value":[...]}}, also as printed by {@code az monitor activity-log list} and in the snake_case the Python SDK
 * writes), a diagnostic-setting export to Event Hubs or storage ({@code {"records":[...]}} or one record per line),
 * and Log Analytics {@code AzureActivity} rows as objects. Resource logs of other categories that share an Event Hub
 * with the Activity Log are skipped.
 */
public final class AzureActivityParser implements EventParser {

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

    private final JsonRecordFramer framer;
    private final ActivityRecordReader reader;
    private final JsonFactory json;

    public AzureActivityParser() {
        this(JsonRecordFramer.DEFAULT_MAX_RECORD_BYTES);
    }

    public AzureActivityParser(int maxRecordBytes) {
        this.framer = new JsonRecordFramer(CONTAINER_FIELDS, maxRecordBytes);
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(128)
                        .maxStringLength(maxRecordBytes)
                        .build())
                .build();
        this.reader = new ActivityRecordReader(json);
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
    public void parse(InputStream input, ParseListener listener) throws IOException {
        InputStream decoded = Decompression.gunzipIfCompressed(input);
        framer.frame(decoded, new JsonRecordFramer.RecordHandler() {
            @Override
            public void onRecord(long index, byte[] buffer, int offset, int length) {
                parseRecord(index, buffer, offset, length, listener);
            }

            @Override
            public void onMalformed(long index, String reason) {
                listener.onRejected(new Rejection(index, reason));
            }
        });
    }

    private void parseRecord(long index, byte[] buffer, int offset, int length, ParseListener listener) {
        ActivityRecord record;
        try (JsonParser parser = json.createParser(ObjectReadContext.empty(), buffer, offset, length)) {
            record = reader.read(parser);
        } catch (JacksonException e) {
            listener.onRejected(new Rejection(index, invalidJson(e)));
            return;
        } catch (InvalidRecordException e) {
            listener.onRejected(new Rejection(index, e.getMessage()));
            return;
        }

        String skipped = record.skipReason();
        if (skipped != null) {
            listener.onSkipped(index, skipped);
            return;
        }
        try {
            listener.onEvent(record.toEvent());
        } catch (InvalidRecordException e) {
            listener.onRejected(new Rejection(index, e.getMessage()));
        }
    }

    private static String invalidJson(JacksonException e) {
        StringBuilder reason = new StringBuilder("invalid JSON");
        TokenStreamLocation location = e.getLocation();
        if (location != null && location.getByteOffset() >= 0) {
            reason.append(" at byte ").append(location.getByteOffset()).append(" of the record");
        }
        String message = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ");
        reason.append(": ").append(message);
        return reason.length() <= MAX_REASON_CHARS ? reason.toString() : reason.substring(0, MAX_REASON_CHARS) + "...";
    }
}
