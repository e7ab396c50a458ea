package io.hijackwatch.collector.twilio;

import java.util.EnumSet;
import java.util.Set;

/** Recognizes a CSV of messages by its header line. */
final class CsvHeads {

    private static final int MAX_HEADER_CHARS = 4096;

    private CsvHeads() {}

    /** Whether the first line names a message SID, a sender and a destination column. */
    static boolean namesMessages(String head) {
        int end = head.indexOf('\n');
        String header = end < 0 ? head : head.substring(0, end);
        if (header.length() > MAX_HEADER_CHARS || header.indexOf(',') < 0) {
            return false;
        }
        Set<MessageField> named = EnumSet.noneOf(MessageField.class);
        for (String column : header.split(",", -1)) {
            MessageField field = MessageField.named(column.strip());
            if (field != null) {
                named.add(field);
            }
        }
        return named.containsAll(EnumSet.of(MessageField.SID, MessageField.FROM, MessageField.TO));
    }
}
