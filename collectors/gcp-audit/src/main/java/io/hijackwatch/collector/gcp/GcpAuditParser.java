package io.hijackwatch.collector.gcp;

import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.json.FramedJsonParser;
import io.hijackwatch.collector.json.JsonRecordFramer;
import java.util.Set;
import tools.jackson.core.JsonParser;

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
public final class GcpAuditParser extends FramedJsonParser<LogEntryRecord> {

    public static final String FORMAT = "gcp-audit";

    private static final Set<String> CONTAINER_FIELDS = Set.of("entries", "receivedMessages");

    private final LogEntryReader reader;

    public GcpAuditParser() {
        this(JsonRecordFramer.DEFAULT_MAX_RECORD_BYTES);
    }

    public GcpAuditParser(int maxRecordBytes) {
        super(CONTAINER_FIELDS, maxRecordBytes);
        this.reader = new LogEntryReader(json());
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
    protected LogEntryRecord read(JsonParser parser) {
        return reader.read(parser);
    }

    @Override
    protected void report(long index, LogEntryRecord record, ParseListener listener) {
        if (record.isEmptyPage()) {
            listener.onSkipped(index, "response page without entries");
        } else if (record.isMessageWithoutData()) {
            listener.onSkipped(index, "Pub/Sub message without data");
        } else if (!record.isLogEntry()) {
            listener.onRejected(new Rejection(index, record.whyNoLogEntry()));
        } else if (!record.isAuditLog()) {
            listener.onSkipped(index, "log entry that is not an audit log: " + record.payloadDescription());
        } else {
            listener.onEvent(record.toEvent());
        }
    }
}
