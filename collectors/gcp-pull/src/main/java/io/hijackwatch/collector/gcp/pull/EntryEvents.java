package io.hijackwatch.collector.gcp.pull;

import com.google.cloud.audit.AuditLog;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.gcp.GcpAuditParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the entries of one page into normalized events through the same parser that ingestion uses, so that an entry
 * read here and the same entry exported to a bucket or pushed through Pub/Sub become the same event. Each entry is
 * written as the JSON Cloud Logging exports, one a line, and the lines are parsed together.
 */
final class EntryEvents {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .usingTypeRegistry(
                    TypeRegistry.newBuilder().add(AuditLog.getDescriptor()).build())
            .omittingInsignificantWhitespace();

    private final GcpAuditParser parser = new GcpAuditParser();

    /** What a page became. */
    record Page(List<NormalizedEvent> events, List<Rejection> rejections) {}

    /**
     * @param entries the page's entries, in the order read
     * @param firstIndex the position of the page's first entry within the window, so rejections can be found again
     */
    Page convert(List<LogEntry> entries, long firstIndex) {
        List<Rejection> rejections = new ArrayList<>();
        List<LogEntry> printed = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            LogEntry entry = entries.get(i);
            try {
                lines.append(IntegralNumbers.rewrite(PRINTER.print(withoutServiceData(entry))))
                        .append('\n');
                printed.add(entry);
                positions.add(firstIndex + i);
            } catch (InvalidProtocolBufferException e) {
                rejections.add(new Rejection(firstIndex + i, describe(entry) + ": " + e.getMessage()));
            }
        }
        return parse(lines.toString(), printed, positions, rejections);
    }

    private Page parse(String lines, List<LogEntry> printed, List<Long> positions, List<Rejection> rejections) {
        List<NormalizedEvent> events = new ArrayList<>();
        ParseListener listener = new ParseListener() {
            @Override
            public void onEvent(NormalizedEvent event) {
                events.add(event);
            }

            @Override
            public void onRejected(Rejection rejection) {
                int line = (int) rejection.index();
                String reason = describe(printed.get(line)) + ": " + rejection.reason();
                rejections.add(new Rejection(positions.get(line), reason));
            }
        };
        try {
            parser.parse(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), listener);
        } catch (IOException e) {
            throw new UncheckedIOException("Parsing entries held in memory cannot fail to read", e);
        }
        return new Page(events, rejections);
    }

    /**
     * Drops the audit log's deprecated {@code serviceData}, which the parser does not read and whose type (BigQuery's
     * legacy {@code AuditData}, say) the printer may not know, so that it cannot make the whole entry unprintable.
     */
    private static LogEntry withoutServiceData(LogEntry entry) {
        if (!entry.getProtoPayload().is(AuditLog.class)) {
            return entry;
        }
        try {
            AuditLog auditLog = entry.getProtoPayload().unpack(AuditLog.class);
            if (!auditLog.hasServiceData()) {
                return entry;
            }
            AuditLog trimmed = auditLog.toBuilder().clearServiceData().build();
            return entry.toBuilder().setProtoPayload(Any.pack(trimmed)).build();
        } catch (InvalidProtocolBufferException e) {
            return entry;
        }
    }

    /** Names an entry by its log and insert id, never by its content. */
    private static String describe(LogEntry entry) {
        return "log entry " + entry.getInsertId() + " of " + entry.getLogName();
    }
}
