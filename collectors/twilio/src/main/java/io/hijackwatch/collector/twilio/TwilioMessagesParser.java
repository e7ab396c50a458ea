package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.json.Decompression;
import io.hijackwatch.collector.json.JsonRecordFramer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Parses Twilio message logs, format {@code twilio-messages}: pages of the Messages list API, a JSON array of
 * Message resources, JSON lines (Bulk Export day files), and CSV with a header row as the Console exports it; each
 * plain or gzip. Every message becomes one event (see {@link MessageEvents} for its fields).
 *
 * <p>A message read twice (a later page or export carries its price, segment count or final status) is reported
 * twice with the same event id: the parser keeps no state across records, and updating a stored message by its SID
 * is the service's job.
 */
public final class TwilioMessagesParser implements EventParser {

    public static final String FORMAT = "twilio-messages";

    private static final int HEAD_BYTES = 4096;
    private static final int MAX_CSV_ROW_CHARS = 256 * 1024;
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    private static final List<String> MESSAGE_PROPERTIES =
            List.of("\"num_segments\"", "\"messaging_service_sid\"", "\"num_media\"");

    private final MessageJsonParser json;
    private final MessageCsvReader csv;

    public TwilioMessagesParser() {
        this(JsonRecordFramer.DEFAULT_MAX_RECORD_BYTES);
    }

    public TwilioMessagesParser(int maxRecordBytes) {
        this.json = new MessageJsonParser(maxRecordBytes);
        this.csv = new MessageCsvReader(Math.min(maxRecordBytes, MAX_CSV_ROW_CHARS));
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Provider provider() {
        return Provider.TWILIO;
    }

    /**
     * JSON that names a message's account SID beside one of its message-only properties, or CSV whose first line
     * names a message SID, a sender and a destination column.
     */
    @Override
    public boolean recognizes(String head) {
        String start = head.stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1).stripLeading();
        }
        if (start.startsWith("{") || start.startsWith("[")) {
            return head.contains("\"account_sid\"")
                    && MESSAGE_PROPERTIES.stream().anyMatch(head::contains);
        }
        return CsvHeads.namesMessages(start);
    }

    @Override
    public void parse(InputStream input, ParseListener listener) throws IOException {
        InputStream decoded = markable(Decompression.gunzipIfCompressed(input));
        if (startsLikeJson(decoded)) {
            json.parse(decoded, listener);
        } else {
            csv.read(decoded, listener);
        }
    }

    private static InputStream markable(InputStream input) {
        return input.markSupported() ? input : new BufferedInputStream(input, HEAD_BYTES * 16);
    }

    /** Whether the first character that is not white space or a byte order mark opens a JSON value. */
    private static boolean startsLikeJson(InputStream buffered) throws IOException {
        buffered.mark(HEAD_BYTES);
        try {
            for (int i = 0; i < HEAD_BYTES; i++) {
                int b = buffered.read();
                if (b < 0) {
                    return false;
                }
                if (b == '{' || b == '[') {
                    return true;
                }
                if (!Character.isWhitespace(b) && !isByteOrderMark(b, i)) {
                    return false;
                }
            }
            return false;
        } finally {
            buffered.reset();
        }
    }

    private static boolean isByteOrderMark(int b, int position) {
        return position < BYTE_ORDER_MARK.length && (byte) b == BYTE_ORDER_MARK[position];
    }
}
