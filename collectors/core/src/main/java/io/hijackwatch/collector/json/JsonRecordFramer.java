package io.hijackwatch.collector.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Splits a stream of JSON into records without parsing them, so that one malformed record costs only itself.
 *
 * <p>Records are the objects found in any of these shapes, which may also follow one another in one stream:
 *
 * <ul>
 *   <li>a top-level array of objects;
 *   <li>a top-level object holding an array of objects under one of the container field names (such as {@code
 *       Records}); its other fields are ignored;
 *   <li>a top-level object without such a field, which is itself a record (so JSON lines, one record per line, and
 *       a single pretty-printed record both work).
 * </ul>
 *
 * <p>The framer tracks only strings, escapes and brackets. It keeps at most one record in memory, so memory does not
 * grow with the input. Once the first top-level value is seen to sit on one line, the input is taken to be JSON lines
 * and a line that ends inside a record rejects that record and framing resumes on the next line.
 */
public final class JsonRecordFramer {

    /** Receives each framed record, or the reason a record could not be framed. */
    public interface RecordHandler {

        /** The record's bytes are only valid during the call. */
        void onRecord(long index, byte[] buffer, int offset, int length);

        void onMalformed(long index, String reason);
    }

    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
    private static final int MAX_DEPTH = 128;
    private static final int MAX_KEY_BYTES = 64;
    private static final int INITIAL_BUFFER_BYTES = 64 * 1024;
    private static final byte[] UTF8_BYTE_ORDER_MARK = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    private final byte[][] containerFields;
    private final int maxRecordBytes;

    public JsonRecordFramer(Set<String> containerFields, int maxRecordBytes) {
        this.containerFields = containerFields.stream()
                .map(name -> name.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        this.maxRecordBytes = maxRecordBytes;
    }

    public JsonRecordFramer(Set<String> containerFields) {
        this(containerFields, DEFAULT_MAX_RECORD_BYTES);
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Frames the whole input; the caller closes it. */
    public void frame(InputStream input, RecordHandler handler) throws IOException {
        new Run(input, handler).run();
    }

    private final class Run {
        private final InputStream input;
        private final RecordHandler handler;

        private byte[] buf = new byte[INITIAL_BUFFER_BYTES];
        private int pos;
        private int limit;
        private boolean atStart = true;

        private long nextIndex;
        private int depth;
        private boolean inString;
        private boolean escaped;
        private boolean skipLine;
        private boolean lineMode;
        private boolean newlineInValue;
        private boolean firstRootValueEnded;

        private boolean inRecord;
        private int recordBase;
        private int recordStart = -1;
        private boolean recordOversized;
        private boolean recordTooDeep;

        private boolean rootObject;
        private boolean containerSeen;
        private int arrayLevel = -1;
        private boolean skippingElement;

        private boolean expectingKey;
        private boolean capturingKey;
        private final byte[] key = new byte[MAX_KEY_BYTES];
        private int keyLength;
        private boolean keyIsContainer;
        private boolean colonAfterContainerKey;

        Run(InputStream input, RecordHandler handler) {
            this.input = input;
            this.handler = handler;
        }

        void run() throws IOException {
            while (fill()) {
                if (atStart) {
                    skipByteOrderMark();
                }
                scan();
            }
            finish();
        }

        /** Reads on while the input so far could be a byte order mark split across reads, then steps over it. */
        private void skipByteOrderMark() throws IOException {
            atStart = false;
            while (limit < UTF8_BYTE_ORDER_MARK.length && startsLikeByteOrderMark()) {
                int read = input.read(buf, limit, buf.length - limit);
                if (read < 0) {
                    return;
                }
                limit += read;
            }
            if (limit >= UTF8_BYTE_ORDER_MARK.length && startsLikeByteOrderMark()) {
                pos = UTF8_BYTE_ORDER_MARK.length;
            }
        }

        private boolean startsLikeByteOrderMark() {
            int length = Math.min(limit, UTF8_BYTE_ORDER_MARK.length);
            return Arrays.equals(buf, 0, length, UTF8_BYTE_ORDER_MARK, 0, length);
        }

        private void scan() {
            while (pos < limit) {
                if (skipLine) {
                    skipToNextLine();
                    continue;
                }
                if (inString) {
                    scanString();
                    continue;
                }
                byte c = buf[pos];
                switch (c) {
                    case ' ', '\t', '\r' -> {}
                    case '\n' -> onNewline();
                    case '"' -> onStringStart();
                    case '{', '[' -> onOpen(c);
                    case '}', ']' -> onClose();
                    case ':' -> onColon();
                    case ',' -> onComma();
                    default -> onScalar(c);
                }
                pos++;
            }
        }

        private void scanString() {
            byte[] b = buf;
            int p = pos;
            int end = limit;
            if (escaped) {
                escaped = false;
                if (b[p] != '\n') {
                    p++;
                }
            }
            if (capturingKey) {
                while (p < end && b[p] != '"' && b[p] != '\\' && b[p] != '\n') {
                    captureKeyByte(b[p++]);
                }
            } else {
                while (p < end) {
                    byte c = b[p];
                    if (c == '"' || c == '\\' || c == '\n') {
                        break;
                    }
                    p++;
                }
            }
            pos = p;
            if (p == end) {
                return;
            }
            byte c = b[p];
            if (c == '\\') {
                keyLength = -1;
                // A raw line break is never part of an escape: a line cut off right after a backslash still ends.
                if (p + 1 < end) {
                    pos = b[p + 1] == '\n' ? p + 1 : p + 2;
                } else {
                    escaped = true;
                    pos = p + 1;
                }
            } else if (c == '"') {
                inString = false;
                pos = p + 1;
                onStringEnd();
            } else {
                onNewline();
                pos = p + 1;
            }
        }

        private void captureKeyByte(byte c) {
            if (keyLength >= 0 && keyLength < MAX_KEY_BYTES) {
                key[keyLength++] = c;
            } else {
                keyLength = -1;
            }
        }

        private void onStringStart() {
            if (atArrayLevel()) {
                rejectElementThatIsNotAnObject();
            }
            if (depth == 0) {
                rejectStrayContent();
                return;
            }
            inString = true;
            capturingKey = rootObject && depth == 1 && expectingKey;
            keyLength = 0;
        }

        private void onStringEnd() {
            if (capturingKey) {
                capturingKey = false;
                keyIsContainer = isContainerField();
                expectingKey = false;
            }
        }

        private boolean isContainerField() {
            if (keyLength < 0) {
                return false;
            }
            for (byte[] name : containerFields) {
                if (name.length == keyLength && Arrays.equals(name, 0, keyLength, key, 0, keyLength)) {
                    return true;
                }
            }
            return false;
        }

        private void onColon() {
            if (rootObject && depth == 1) {
                colonAfterContainerKey = keyIsContainer;
                keyIsContainer = false;
            }
        }

        private void onComma() {
            if (rootObject && depth == 1) {
                expectingKey = true;
                colonAfterContainerKey = false;
            } else if (atArrayLevel()) {
                skippingElement = false;
            } else if (depth == 0) {
                rejectStrayContent();
            }
        }

        private void onScalar(byte c) {
            if (depth == 0) {
                rejectStrayContent();
                return;
            }
            if (atArrayLevel()) {
                rejectElementThatIsNotAnObject();
            }
            if (rootObject && depth == 1) {
                colonAfterContainerKey = false;
            }
        }

        private void onOpen(byte c) {
            if (depth == 0) {
                openRootValue(c);
                return;
            }
            if (rootObject && depth == 1 && colonAfterContainerKey && c == '[' && !inRecordOtherThanRoot()) {
                openContainer();
                return;
            }
            if (rootObject && depth == 1) {
                colonAfterContainerKey = false;
            }
            if (atArrayLevel()) {
                if (c == '{') {
                    startRecord(depth);
                } else {
                    rejectElementThatIsNotAnObject();
                }
            }
            push();
        }

        private boolean inRecordOtherThanRoot() {
            return inRecord && recordBase > 0;
        }

        private void openRootValue(byte c) {
            newlineInValue = false;
            if (c == '[') {
                arrayLevel = 1;
            } else {
                rootObject = true;
                containerSeen = false;
                expectingKey = true;
                startRecord(0);
            }
            push();
        }

        private void openContainer() {
            containerSeen = true;
            inRecord = false;
            recordStart = -1;
            recordOversized = false;
            colonAfterContainerKey = false;
            arrayLevel = 2;
            push();
        }

        private void startRecord(int base) {
            inRecord = true;
            recordBase = base;
            recordStart = pos;
            recordOversized = false;
            recordTooDeep = false;
        }

        private void push() {
            depth++;
            if (depth > MAX_DEPTH && inRecord) {
                recordTooDeep = true;
            }
        }

        private void onClose() {
            if (depth == 0) {
                rejectStrayContent();
                return;
            }
            depth--;
            if (inRecord && depth == recordBase) {
                endRecord();
            }
            if (arrayLevel > 0 && depth == arrayLevel - 1) {
                arrayLevel = -1;
                skippingElement = false;
            }
            if (depth == 0) {
                endRootValue();
            }
        }

        private void endRecord() {
            long index = nextIndex++;
            inRecord = false;
            if (recordTooDeep) {
                handler.onMalformed(index, "record is nested deeper than " + MAX_DEPTH + " levels");
            } else if (recordOversized || pos + 1 - recordStart > maxRecordBytes) {
                handler.onMalformed(index, "record is larger than the limit of " + maxRecordBytes + " bytes");
            } else {
                handler.onRecord(index, buf, recordStart, pos + 1 - recordStart);
            }
            recordStart = -1;
        }

        private void endRootValue() {
            if (!firstRootValueEnded) {
                firstRootValueEnded = true;
                lineMode = !newlineInValue;
            }
            rootObject = false;
            containerSeen = false;
            arrayLevel = -1;
            expectingKey = false;
            colonAfterContainerKey = false;
        }

        private boolean atArrayLevel() {
            return arrayLevel > 0 && depth == arrayLevel && !inRecord;
        }

        private void rejectElementThatIsNotAnObject() {
            if (!skippingElement) {
                skippingElement = true;
                handler.onMalformed(nextIndex++, "record is not a JSON object");
            }
        }

        private void rejectStrayContent() {
            handler.onMalformed(nextIndex++, "unexpected content outside any JSON value; skipped to the next line");
            skipLine = true;
        }

        private void onNewline() {
            if (depth == 0 && !inString) {
                return;
            }
            newlineInValue = true;
            if (lineMode) {
                abandonValueAtEndOfLine();
            }
        }

        private void abandonValueAtEndOfLine() {
            if (inRecord) {
                handler.onMalformed(nextIndex++, "record is cut off at the end of its line");
            } else {
                handler.onMalformed(nextIndex++, "line ends inside a JSON value; the rest of it was skipped");
            }
            resetToRoot();
        }

        private void skipToNextLine() {
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            if (pos < limit) {
                pos++;
                skipLine = false;
                resetToRoot();
            }
        }

        private void resetToRoot() {
            depth = 0;
            inString = false;
            escaped = false;
            inRecord = false;
            recordStart = -1;
            rootObject = false;
            containerSeen = false;
            arrayLevel = -1;
            skippingElement = false;
            expectingKey = false;
            capturingKey = false;
            colonAfterContainerKey = false;
        }

        /** Makes room and reads more input; false at the end of the input. */
        private boolean fill() throws IOException {
            if (pos < limit) {
                return true;
            }
            if (recordStart >= 0) {
                keepRecordAndMakeRoom();
            } else {
                pos = 0;
                limit = 0;
            }
            int read = input.read(buf, limit, buf.length - limit);
            while (read == 0) {
                read = input.read(buf, limit, buf.length - limit);
            }
            if (read < 0) {
                return false;
            }
            limit += read;
            return true;
        }

        private void keepRecordAndMakeRoom() {
            if (recordStart > 0) {
                int kept = limit - recordStart;
                System.arraycopy(buf, recordStart, buf, 0, kept);
                pos -= recordStart;
                limit = kept;
                recordStart = 0;
            }
            if (limit < buf.length) {
                return;
            }
            if (buf.length >= maxRecordBytes) {
                recordOversized = true;
                recordStart = -1;
                pos = 0;
                limit = 0;
                return;
            }
            byte[] larger = new byte[Math.min(buf.length * 2, maxRecordBytes)];
            System.arraycopy(buf, 0, larger, 0, limit);
            buf = larger;
        }

        private void finish() {
            if (inRecord) {
                handler.onMalformed(nextIndex++, "record is cut off: the input ends inside it");
            }
        }
    }
}
