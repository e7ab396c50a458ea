package io.hijackwatch.collector.azure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** The sample files under {@code src/test/resources/azure-activity} and ways to deliver them to a parser. */
final class Fixtures {

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream resource = Fixtures.class.getResourceAsStream("/azure-activity/" + name)) {
            if (resource == null) {
                throw new IllegalArgumentException("no fixture named " + name);
            }
            return resource.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    static CollectingListener parse(byte[] input) throws IOException {
        return parse(new AzureActivityParser(), new ByteArrayInputStream(input));
    }

    static CollectingListener parse(AzureActivityParser parser, InputStream input) throws IOException {
        CollectingListener listener = new CollectingListener();
        parser.parse(input, listener);
        return listener;
    }

    /** Hands out 1 to 7 bytes per read, as a slow network stream can. */
    static InputStream inTinyChunks(byte[] data) {
        return new InputStream() {
            private final int[] sizes = {3, 1, 7, 2, 5, 1, 4, 6};
            private int position;
            private int reads;

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
                int count = Math.min(Math.min(sizes[reads++ % sizes.length], length), data.length - position);
                System.arraycopy(data, position, buffer, offset, count);
                position += count;
                return count;
            }
        };
    }
}
