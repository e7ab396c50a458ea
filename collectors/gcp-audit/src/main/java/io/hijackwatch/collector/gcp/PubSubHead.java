package io.hijackwatch.collector.gcp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Tells from the head of an input whether it holds Pub/Sub messages that carry log entries. Any kind of payload
 * travels through Pub/Sub, so the start of the first message's base64 data is decoded to see whether it is a log
 * entry; the message's field names count only when the data is not in the head.
 */
final class PubSubHead {

    private static final List<String> MESSAGE_FIELDS =
            List.of("\"messageId\"", "\"message_id\"", "\"publishTime\"", "\"ackId\"", "\"receivedMessages\"");
    private static final List<String> ENTRY_FIELDS = List.of(
            "\"protoPayload\"",
            "\"logName\"",
            "\"insertId\"",
            "\"receiveTimestamp\"",
            "\"textPayload\"",
            "\"jsonPayload\"");
    private static final String DATA_FIELD = "\"data\"";
    private static final int ENOUGH_DECODED_CHARS = 1024;

    private PubSubHead() {}

    /**
     * What the data says decides: a log entry names one of its fields early. When the data is not in the head, or too
     * little of it to tell, the message's own fields do.
     */
    static boolean carriesLogEntry(String head) {
        Data data = firstData(head);
        String decoded = data == null ? null : decodePrefix(data.base64());
        if (decoded != null && ENTRY_FIELDS.stream().anyMatch(decoded::contains)) {
            return true;
        }
        if (decoded != null && (data.complete() || decoded.length() >= ENOUGH_DECODED_CHARS)) {
            return false;
        }
        return MESSAGE_FIELDS.stream().anyMatch(head::contains);
    }

    /** The base64 text of a {@code data} field as far as the head goes, and whether its closing quote is in it. */
    private record Data(String base64, boolean complete) {}

    private static Data firstData(String head) {
        for (int at = head.indexOf(DATA_FIELD); at >= 0; at = head.indexOf(DATA_FIELD, at + 1)) {
            int i = skipSpaces(head, at + DATA_FIELD.length());
            if (i >= head.length() || head.charAt(i) != ':') {
                continue;
            }
            i = skipSpaces(head, i + 1);
            if (i < head.length() && head.charAt(i) == '"') {
                return base64From(head, i + 1);
            }
        }
        return null;
    }

    private static Data base64From(String head, int start) {
        StringBuilder encoded = new StringBuilder();
        for (int i = start; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c == '\\' && i + 1 < head.length() && head.charAt(i + 1) == '/') {
                encoded.append('/');
                i++;
            } else if (isBase64(c)) {
                encoded.append(c);
            } else {
                return new Data(encoded.toString(), c == '"');
            }
        }
        return new Data(encoded.toString(), false);
    }

    /** Decodes the longest whole prefix: the head may cut the data anywhere. */
    private static String decodePrefix(String encoded) {
        String unpadded = encoded.replace("=", "");
        String whole = unpadded.substring(0, unpadded.length() - unpadded.length() % 4);
        boolean urlSafe = whole.indexOf('-') >= 0 || whole.indexOf('_') >= 0;
        try {
            byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(whole);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/'
                || c == '='
                || c == '-'
                || c == '_';
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
