package io.hijackwatch.collector.json;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The part every JSON log parser shares: gzip recognized by its magic number, the input framed into records, each
 * record read with Jackson's streaming parser, and anything wrong with one record reported as that record's
 * rejection while the rest is read.
 *
 * @param <R> what a format's reader makes of one record before it becomes an event
 */
public abstract class FramedJsonParser<R> implements EventParser {

    private static final int MAX_NESTING_DEPTH = 128;
    private static final int HEAD_BYTES = 64;
    private static final int READ_AHEAD = 256 * 1024;

    private final JsonRecordFramer framer;
    private final JsonFactory json;
    private final List<byte[]> containerNames;

    /**
     * @param containerFields the names under which the format's top-level objects hold arrays of records
     */
    protected FramedJsonParser(Set<String> containerFields, int maxRecordBytes) {
        this.framer = new JsonRecordFramer(containerFields, maxRecordBytes);
        this.containerNames = containerFields.stream()
                .map(name -> name.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(maxRecordBytes)
                        .build())
                .build();
    }

    /** The factory for the parsers of records and of JSON documents embedded in them. */
    protected final JsonFactory json() {
        return json;
    }

    @Override
    public final void parse(InputStream input, ParseListener listener) throws IOException {
        InputStream unzipped = Decompression.gunzipIfCompressed(input);
        if (!readsInPlace()) {
            frame(unzipped, 0, listener);
            return;
        }
        ReplayableInput decoded = new ReplayableInput(unzipped, framer.maxRecordBytes() + READ_AHEAD);
        byte[] container = containerAtStart(decoded.peek(HEAD_BYTES));
        if (container == null) {
            frame(decoded.replayFrom(0), 0, listener);
            return;
        }
        DirectRun run = new DirectRun(decoded, listener);
        run.run();
        if (run.resumeAt >= 0) {
            byte[] opening =
                    ("{\"" + new String(container, StandardCharsets.UTF_8) + "\":[").getBytes(StandardCharsets.UTF_8);
            InputStream rest =
                    new SequenceInputStream(new ByteArrayInputStream(opening), decoded.replayFrom(run.resumeAt));
            frame(rest, run.index, listener);
        }
    }

    private void frame(InputStream input, long firstIndex, ParseListener listener) throws IOException {
        framer.frame(input, new JsonRecordFramer.RecordHandler() {
            @Override
            public void onRecord(long index, byte[] buffer, int offset, int length) {
                RecordBytes bytes = (from, to) -> from >= 0 && to <= length && from <= to
                        ? Arrays.copyOfRange(buffer, offset + (int) from, offset + (int) to)
                        : null;
                parseRecord(firstIndex + index, buffer, offset, length, bytes, listener);
            }

            @Override
            public void onMalformed(long index, String reason) {
                listener.onRejected(new Rejection(firstIndex + index, reason));
            }
        });
    }

    /** The container field name when the input starts exactly as {@code {"NAME":[}, or {@code null}. */
    private byte[] containerAtStart(byte[] head) {
        for (byte[] name : containerNames) {
            int end = name.length + 4;
            if (head.length >= end
                    && head[0] == '{'
                    && head[1] == '"'
                    && Arrays.equals(head, 2, 2 + name.length, name, 0, name.length)
                    && head[end - 2] == '"'
                    && head[end - 1] == ':'
                    && head.length > end
                    && head[end] == '[') {
                return name;
            }
        }
        return null;
    }

    private void parseRecord(
            long index, byte[] buffer, int offset, int length, RecordBytes bytes, ParseListener listener) {
        R record;
        try (JsonParser parser = json.createParser(ObjectReadContext.empty(), buffer, offset, length)) {
            record = read(parser, bytes);
        } catch (JacksonException e) {
            listener.onRejected(
                    new Rejection(index, InvalidRecordException.invalidJson("invalid JSON", "the record", e)));
            return;
        } catch (InvalidRecordException e) {
            listener.onRejected(new Rejection(index, e.getMessage()));
            return;
        }
        reportOrReject(index, record, listener);
    }

    private void reportOrReject(long index, R record, ParseListener listener) {
        try {
            report(index, record, listener);
        } catch (InvalidRecordException e) {
            listener.onRejected(new Rejection(index, e.getMessage()));
        }
    }

    /**
     * Reads one record's fields.
     *
     * @throws InvalidRecordException when a field has a type the format never uses
     * @throws JacksonException when the record is not valid JSON
     */
    protected abstract R read(JsonParser parser);

    /**
     * Reads one record's fields, knowing the bytes the parser reads, which stay valid only during the call. Formats
     * that keep parts of a record as bytes override this.
     */
    protected R read(JsonParser parser, RecordBytes bytes) {
        return read(parser);
    }

    /**
     * Whether the format's reader also reads a record from a parser already on the record's opening brace, as it is
     * when a whole delivery file is read with one parser. Such formats skip the framer's separate pass over files
     * that start as a container of records, as long as the file reads cleanly.
     */
    protected boolean readsInPlace() {
        return false;
    }

    /**
     * Reads a file that starts as {@code {"CONTAINER":[} with one parser, record by record, without framing it first.
     * At the first thing it does not read itself (invalid JSON, an element that is not an object, more bytes than the
     * size limit allows) it stops, and {@link #resumeAt} tells where the framer takes over: the end of the last record
     * it handled, or the end of the container, or {@code -1} when the input was read to its end.
     */
    private final class DirectRun {
        private final ReplayableInput input;
        private final ParseListener listener;
        long resumeAt;
        long index;

        DirectRun(ReplayableInput input, ParseListener listener) {
            this.input = input;
            this.listener = listener;
        }

        void run() {
            try (JsonParser parser = json.createParser(ObjectReadContext.empty(), input)) {
                parser.nextToken();
                parser.nextToken();
                parser.nextToken();
                resumeAt = parser.currentTokenLocation().getByteOffset() + 1;
                TokenStreamContext array = parser.streamReadContext();
                JsonToken token = parser.nextToken();
                while (token == JsonToken.START_OBJECT) {
                    readRecord(parser, array);
                    resumeAt = parser.currentTokenLocation().getByteOffset() + 1;
                    input.release(resumeAt);
                    token = parser.nextToken();
                }
                if (token != JsonToken.END_ARRAY) {
                    return;
                }
                resumeAt = parser.currentTokenLocation().getByteOffset();
                if (parser.nextToken() == JsonToken.END_OBJECT && parser.nextToken() == null) {
                    resumeAt = -1;
                }
            } catch (JacksonException e) {
                // The framer takes over at resumeAt; a read failure of the input itself reaches it there.
            }
        }

        private void readRecord(JsonParser parser, TokenStreamContext array) {
            long start = parser.currentTokenLocation().getByteOffset();
            R record = null;
            String invalid = null;
            try {
                record = read(parser, input);
            } catch (InvalidRecordException e) {
                invalid = e.getMessage();
                while (parser.streamReadContext() != array) {
                    parser.nextToken();
                }
            }
            long size = parser.currentTokenLocation().getByteOffset() + 1 - start;
            long current = index++;
            if (size > framer.maxRecordBytes()) {
                listener.onRejected(new Rejection(
                        current, "record is larger than the limit of " + framer.maxRecordBytes() + " bytes"));
            } else if (invalid != null) {
                listener.onRejected(new Rejection(current, invalid));
            } else {
                reportOrReject(current, record, listener);
            }
        }
    }

    /**
     * Reports what the record is to the listener: an event, or a record that carries none ({@code onSkipped}).
     *
     * @throws InvalidRecordException when the record cannot become an event
     */
    protected abstract void report(long index, R record, ParseListener listener);
}
