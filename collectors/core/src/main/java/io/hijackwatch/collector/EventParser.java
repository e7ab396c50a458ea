package io.hijackwatch.collector;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns one provider's log records into normalized events. Implementations stream their input: memory does not grow
 * with its size. They are found with {@link java.util.ServiceLoader}.
 */
public interface EventParser {

    /** The name of the format, as used in {@code POST /api/v1/events?format=} (for example {@code cloudtrail}). */
    String format();

    /** The provider whose log this format is. */
    Provider provider();

    /**
     * Whether the beginning of an input looks like this format, for inputs whose format nobody named (a folder given
     * to {@code scan}). Only field names are looked at, so any reasonable prefix of the first record is enough.
     *
     * @param head the first bytes of the decompressed input, decoded as UTF-8 (possibly cut in the middle)
     */
    boolean recognizes(String head);

    /**
     * Reads every record of the input and reports each to the listener. A malformed record is reported as a
     * rejection and the rest is still read.
     *
     * @param input the raw bytes; gzip-compressed input is recognized by its magic number and decompressed
     * @throws IOException when the input itself cannot be read to its end, such as a truncated gzip stream; what was
     *     reported before stays reported
     */
    void parse(InputStream input, ParseListener listener) throws IOException;
}
