package io.hijackwatch.collector.gcp;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.json.Decompression;
import io.hijackwatch.collector.json.JsonRecordFramer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses GCP Cloud Audit Logs (activity, data access, system event and policy) in the shapes they are exported in,
 * plain or gzip: {@code LogEntry} objects one per line (a Cloud Storage sink) or in an array ({@code gcloud logging
 * read --format=json}), an {@code entries.list} response ({@code {"entries":[...]}}), and Pub/Sub deliveries with the
 * entry base64-encoded in the message data: push requests ({@code {"message":{"data":...},"subscription":...}}, one
 * per line or in an array) and pull responses ({@code {"receivedMessages":[...]}}). A bare Pub/Sub message ({@code
 * {"data":...}}) and a CloudEvent whose {@code data} is the entry as JSON are read too.
 *
 * <p>Entries whose payload is not an {@code AuditLog} (a {@code textPayload}, another {@code protoPayload} type) are
 * skipped. All entries of one long-running operation share one event id, so they count as one action.
 */
public final class GcpAuditParser implements EventParser {

    public static final String FORMAT = "gcp-audit";

    private static final Set<String> CONTAINER_FIELDS = Set.of("entries", "receivedMessages");

    private final JsonRecordFramer framer;
    private final LogEntryReader reader;
    private final JsonFactory json;

    public GcpAuditParser() {
        this(JsonRecordFramer.DEFAULT_MAX_RECORD_BYTES);
    }

    public GcpAuditParser(int maxRecordBytes) {
        this.framer = new JsonRecordFramer(CONTAINER_FIELDS, maxRecordBytes);
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(128)
                        .maxStringLength(maxRecordBytes)
                        .build())
                .build();
        this.reader = new LogEntryReader(json);
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Provider provider() {
        return Provider.GCP;
    }

    /**
     * Log entries name {@code protoPayload}, or {@code logName} beside {@code insertId} or {@code receiveTimestamp};
     * Pub/Sub deliveries are recognized by their message fields and by what their base64 data decodes to.
     */
    @Override
    public boolean recognizes(String head) {
        return head.contains("\"protoPayload\"")
                || (head.contains("\"logName\"")
                        && (head.contains("\"insertId\"") || head.contains("\"receiveTimestamp\"")))
                || PubSubHead.carriesLogEntry(head);
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
        LogEntryRecord record;
        try (JsonParser parser = json.createParser(ObjectReadContext.empty(), buffer, offset, length)) {
            record = reader.read(parser);
        } catch (JacksonException e) {
            listener.onRejected(
                    new Rejection(index, InvalidRecordException.invalidJson("invalid JSON", "the record", e)));
            return;
        } catch (InvalidRecordException e) {
            listener.onRejected(new Rejection(index, e.getMessage()));
            return;
        }

        if (record.isEmptyPage()) {
            listener.onSkipped(index, "response page without entries");
        } else if (record.isMessageWithoutData()) {
            listener.onSkipped(index, "Pub/Sub message without data");
        } else if (!record.isLogEntry()) {
            listener.onRejected(new Rejection(index, record.whyNoLogEntry()));
        } else if (!record.isAuditLog()) {
            listener.onSkipped(index, "log entry that is not an audit log: " + record.payloadDescription());
        } else {
            emit(index, record, listener);
        }
    }

    private static void emit(long index, LogEntryRecord record, ParseListener listener) {
        try {
            listener.onEvent(record.toEvent());
        } catch (InvalidRecordException e) {
            listener.onRejected(new Rejection(index, e.getMessage()));
        }
    }
}
