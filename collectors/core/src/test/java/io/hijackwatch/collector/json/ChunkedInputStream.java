package io.hijackwatch.collector.json;

import java.io.InputStream;

/**
 * Hands out its bytes a few at a time, the way a network stream can, so that every parser buffer boundary gets
 * exercised. The chunk sizes repeat in the order given.
 */
public final class ChunkedInputStream extends InputStream {

    private final byte[] data;
    private final int[] chunkSizes;
    private int position;
    private int reads;

    public ChunkedInputStream(byte[] data, int... chunkSizes) {
        this.data = data;
        this.chunkSizes = chunkSizes;
    }

    /** Chunks of 1 to 7 bytes in a fixed irregular order. */
    public static ChunkedInputStream tinyChunks(byte[] data) {
        return new ChunkedInputStream(data, 3, 1, 7, 2, 5, 1, 4, 6, 2, 1, 7, 3);
    }

    @Override
    public int read() {
        return position < data.length ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position >= data.length) {
            return -1;
        }
        int chunk = Math.min(Math.min(chunkSizes[reads++ % chunkSizes.length], length), data.length - position);
        System.arraycopy(data, position, buffer, offset, chunk);
        position += chunk;
        return chunk;
    }
}
