package io.hijackwatch.collector.json;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
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

    private final JsonRecordFramer framer;
    private final JsonFactory json;

    /**
     * @param containerFields the names under which the format's top-level objects hold arrays of records
     */
    protected FramedJsonParser(Set<String> containerFields, int maxRecordBytes) {
        this.framer = new JsonRecordFramer(containerFields, maxRecordBytes);
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
        R record;
        try (JsonParser parser = json.createParser(ObjectReadContext.empty(), buffer, offset, length)) {
            record = read(parser, buffer, offset, length);
        } catch (JacksonException e) {
            listener.onRejected(
                    new Rejection(index, InvalidRecordException.invalidJson("invalid JSON", "the record", e)));
            return;
        } catch (InvalidRecordException e) {
            listener.onRejected(new Rejection(index, e.getMessage()));
            return;
        }
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
    protected R read(JsonParser parser, byte[] buffer, int offset, int length) {
        return read(parser);
    }

    /**
     * Reports what the record is to the listener: an event, or a record that carries none ({@code onSkipped}).
     *
     * @throws InvalidRecordException when the record cannot become an event
     */
    protected abstract void report(long index, R record, ParseListener listener);
}
