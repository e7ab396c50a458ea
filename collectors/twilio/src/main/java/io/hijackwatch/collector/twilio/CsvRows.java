package io.hijackwatch.collector.twilio;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into rows as RFC 4180 writes them and spreadsheets export them: comma-separated, fields in double
 * quotes may hold commas, quotes (doubled) and line breaks, lines end with LF or CRLF, a byte order mark may come
 * first. Blank lines are skipped.
 *
 * <p>Memory is bounded: a row longer than {@code maxRowChars} or with more than {@value #MAX_FIELDS} fields (an
 * unbalanced quote swallowing the file, say) is reported as malformed, and reading resumes at the next line break as
 * if outside quotes.
 */
final class CsvRows {

    /** Receives each row, or why a row could not be read. */
    interface RowHandler {

        /** The fields are only valid during the call. */
        void onRow(long line, List<String> fields);

        void onMalformed(long line, String reason);
    }

    static final int MAX_FIELDS = 256;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final int maxRowChars;

    CsvRows(int maxRowChars) {
        this.maxRowChars = maxRowChars;
    }

    void read(Reader input, RowHandler handler) throws IOException {
        new Run(input, handler).run();
    }

    private final class Run {
        private final Reader input;
        private final RowHandler handler;
        private final char[] buffer = new char[8192];
        private final List<String> fields = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();

        private long line = 1;
        private long rowLine = 1;
        private int rowChars;
        private boolean quoted;
        private boolean quoteSeen;
        private boolean afterQuote;
        private boolean fieldStarted;
        private boolean skipping;
        private boolean first = true;

        Run(Reader input, RowHandler handler) {
            this.input = input;
            this.handler = handler;
        }

        void run() throws IOException {
            int read;
            while ((read = input.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    accept(buffer[i]);
                }
            }
            if (quoted || quoteSeen) {
                closeQuoteAtEnd();
            }
            endRow();
        }

        private void accept(char c) {
            if (first) {
                first = false;
                if (c == BYTE_ORDER_MARK) {
                    return;
                }
            }
            if (c == '\n') {
                line++;
            }
            if (skipping) {
                skipToLineEnd(c);
                return;
            }
            if (++rowChars > maxRowChars) {
                abandonRow("row is longer than " + maxRowChars + " characters");
                skipToLineEnd(c);
                return;
            }
            if (quoted) {
                acceptQuoted(c);
            } else {
                acceptPlain(c);
            }
        }

        private void acceptQuoted(char c) {
            if (quoteSeen) {
                quoteSeen = false;
                if (c == '"') {
                    field.append('"');
                    return;
                }
                quoted = false;
                afterQuote = true;
                acceptPlain(c);
                return;
            }
            if (c == '"') {
                quoteSeen = true;
            } else {
                field.append(c);
            }
        }

        private void acceptPlain(char c) {
            switch (c) {
                case ',' -> endField();
                case '\n' -> endRow();
                case '\r' -> {}
                case '"' -> {
                    if (!fieldStarted && !afterQuote) {
                        quoted = true;
                        fieldStarted = true;
                    } else {
                        field.append(c);
                    }
                }
                default -> {
                    field.append(c);
                    fieldStarted = true;
                }
            }
        }

        private void endField() {
            if (fields.size() >= MAX_FIELDS) {
                abandonRow("row has more than " + MAX_FIELDS + " fields");
                skipping = true;
                return;
            }
            fields.add(field.toString());
            resetField();
        }

        private void endRow() {
            if (skipping) {
                return;
            }
            boolean blank = fields.isEmpty() && field.isEmpty() && !fieldStarted;
            if (!blank) {
                endField();
                if (!skipping) {
                    handler.onRow(rowLine, fields);
                }
            }
            skipping = false;
            startRow();
        }

        private void closeQuoteAtEnd() {
            if (quoted && !quoteSeen) {
                abandonRow("a quoted field is not closed before the end of the input");
                skipping = true;
                return;
            }
            quoted = false;
            quoteSeen = false;
        }

        private void abandonRow(String reason) {
            handler.onMalformed(rowLine, reason);
            fields.clear();
            resetField();
            quoted = false;
            quoteSeen = false;
        }

        private void skipToLineEnd(char c) {
            skipping = true;
            if (c == '\n') {
                skipping = false;
                startRow();
            }
        }

        private void startRow() {
            fields.clear();
            resetField();
            rowChars = 0;
            rowLine = line;
        }

        private void resetField() {
            field.setLength(0);
            fieldStarted = false;
            afterQuote = false;
        }
    }
}
