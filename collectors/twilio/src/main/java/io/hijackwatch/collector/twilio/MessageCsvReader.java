package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.json.InvalidRecordException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads messages from CSV with a header row, as the Twilio Console and export scripts write it. Columns are matched
 * to {@link MessageField}s by name whatever their order, case and spacing; unknown columns (the body among them) are
 * ignored. Every data row is one record: a row that cannot become an event is rejected with its line number and the
 * rest is read.
 */
final class MessageCsvReader {

    private final int maxRowChars;

    MessageCsvReader(int maxRowChars) {
        this.maxRowChars = maxRowChars;
    }

    void read(InputStream input, ParseListener listener) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        new CsvRows(maxRowChars).read(new InputStreamReader(input, decoder), new Rows(listener));
    }

    /** Reads the header, then each data row as a message. */
    private static final class Rows implements CsvRows.RowHandler {

        private final ParseListener listener;
        private List<MessageField> columns;
        private boolean unusable;
        private long nextIndex;

        Rows(ParseListener listener) {
            this.listener = listener;
        }

        @Override
        public void onRow(long line, List<String> fields) {
            if (unusable) {
                return;
            }
            if (columns == null) {
                readHeader(line, fields);
                return;
            }
            long index = nextIndex++;
            try {
                listener.onEvent(MessageEvents.toEvent(message(fields)));
            } catch (InvalidRecordException e) {
                listener.onRejected(new Rejection(index, "line " + line + ": " + e.getMessage()));
            }
        }

        @Override
        public void onMalformed(long line, String reason) {
            if (!unusable) {
                listener.onRejected(new Rejection(nextIndex++, "line " + line + ": " + reason));
            }
        }

        private void readHeader(long line, List<String> fields) {
            columns = new ArrayList<>(fields.size());
            fields.forEach(name -> columns.add(MessageField.named(name)));
            if (!columns.contains(MessageField.SID)) {
                unusable = true;
                listener.onRejected(new Rejection(
                        nextIndex++,
                        "line " + line + ": the CSV header names no message SID column (sid, Sid or SMS Message"
                                + " SID); nothing was read"));
            }
        }

        /**
         * Bytes that are no UTF-8 are decoded as U+FFFD so that a body in another encoding (which is never read) does
         * not cost its row; in a field that is read they would make a wrong SID, number or status, so the row is
         * rejected.
         */
        private static String readable(MessageField field, String value) {
            if (value.indexOf('\uFFFD') >= 0) {
                throw new InvalidRecordException(field.apiName() + " is not valid UTF-8");
            }
            return value;
        }

        private TwilioMessage message(List<String> fields) {
            if (fields.size() > columns.size()) {
                throw new InvalidRecordException(
                        "row has " + fields.size() + " fields but the header names " + columns.size());
            }
            MessageBuilder message = new MessageBuilder();
            for (int i = 0; i < fields.size(); i++) {
                MessageField field = columns.get(i);
                if (field != null) {
                    message.set(field, readable(field, fields.get(i)));
                }
            }
            return message.build();
        }
    }
}
