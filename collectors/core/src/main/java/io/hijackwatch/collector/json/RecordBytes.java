package io.hijackwatch.collector.json;

/** The bytes of the record a parser is reading, addressed by the byte offsets the parser reports. */
@FunctionalInterface
public interface RecordBytes {

    /** A copy of the bytes from {@code from} (inclusive) to {@code to} (exclusive), or {@code null} if not held. */
    byte[] copy(long from, long to);
}
