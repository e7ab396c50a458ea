package io.hijackwatch.collector.json;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Recognizes gzip input by its magic number, whatever the file is called or the client says. */
public final class Decompression {

    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;
    private static final int BUFFER_SIZE = 64 * 1024;

    private Decompression() {}

    /** The input itself, or a decompressing view of it when it starts with the gzip magic number. */
    public static InputStream gunzipIfCompressed(InputStream input) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(input, BUFFER_SIZE);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == GZIP_MAGIC_FIRST && second == GZIP_MAGIC_SECOND) {
            return new GZIPInputStream(buffered, BUFFER_SIZE);
        }
        return buffered;
    }
}
