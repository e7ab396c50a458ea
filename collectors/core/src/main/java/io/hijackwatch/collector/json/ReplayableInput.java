package io.hijackwatch.collector.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * An input that keeps what was read since a point its reader moves forward, so that the reader can hand the input
 * over to another reader from that point (after a parse error) and can copy bytes it has passed. What is kept is
 * bounded: a reader that needs more than the limit kept gets a {@link LimitReached} instead of more bytes.
 */
final class ReplayableInput extends InputStream implements RecordBytes {

    /** Thrown by {@code read} when the bytes kept since the release point would exceed the limit. */
    static final class LimitReached extends IOException {
        LimitReached(int limit) {
            super("more than " + limit + " bytes since the last complete record");
        }
    }

    private static final int INITIAL_BYTES = 32 * 1024;
    private static final int MIN_FREE_BYTES = 8 * 1024;

    private final InputStream input;
    private final int limit;
    private byte[] kept = new byte[0];
    private long keptFrom;
    private int length;
    private long position;
    private long releasedTo;
    private IOException failure;

    /** @param limit how many bytes may be kept since the release point */
    ReplayableInput(InputStream input, int limit) {
        this.input = input;
        this.limit = Math.max(limit, INITIAL_BYTES);
    }

    /** The first bytes of the input (fewer when it is shorter), without consuming them. */
    byte[] peek(int count) throws IOException {
        while (length < count && fill()) {
            // reads until enough is kept or the input ends
        }
        return Arrays.copyOf(kept, Math.min(count, length));
    }

    /** Bytes before the offset are no longer needed. */
    void release(long offset) {
        releasedTo = Math.max(releasedTo, offset);
    }

    @Override
    public byte[] copy(long from, long to) {
        if (from < keptFrom || to > keptFrom + length || from > to) {
            return null;
        }
        return Arrays.copyOfRange(kept, (int) (from - keptFrom), (int) (to - keptFrom));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (position == keptFrom + length && !fill()) {
            return -1;
        }
        int available = (int) (keptFrom + length - position);
        int read = Math.min(count, available);
        System.arraycopy(kept, (int) (position - keptFrom), buffer, offset, read);
        position += read;
        return read;
    }

    /** Closing is the caller's, who opened the input. */
    @Override
    public void close() {}

    /** The input again from the offset on: the bytes kept, then the rest; no more reading of this object after. */
    InputStream replayFrom(long offset) {
        int start = (int) (offset - keptFrom);
        InputStream rest = new InputStream() {
            @Override
            public int read() throws IOException {
                rethrowFailure();
                return input.read();
            }

            @Override
            public int read(byte[] buffer, int from, int count) throws IOException {
                rethrowFailure();
                return input.read(buffer, from, count);
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(kept, start, length - start), rest);
    }

    private void rethrowFailure() throws IOException {
        if (failure != null && !(failure instanceof LimitReached)) {
            throw failure;
        }
    }

    private boolean fill() throws IOException {
        makeRoom();
        try {
            int read = input.read(kept, length, kept.length - length);
            while (read == 0) {
                read = input.read(kept, length, kept.length - length);
            }
            if (read < 0) {
                return false;
            }
            length += read;
            return true;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void makeRoom() throws IOException {
        if (kept.length - length >= MIN_FREE_BYTES) {
            return;
        }
        int released = (int) Math.min(releasedTo - keptFrom, length);
        if (released > 0) {
            System.arraycopy(kept, released, kept, 0, length - released);
            length -= released;
            keptFrom += released;
        }
        if (kept.length - length >= MIN_FREE_BYTES) {
            return;
        }
        if (kept.length >= limit) {
            failure = new LimitReached(limit);
            throw failure;
        }
        kept = Arrays.copyOf(kept, Math.min(Math.max(kept.length * 2, INITIAL_BYTES), limit));
    }
}
