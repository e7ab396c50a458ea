package io.hijackwatch.collector.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DecompressionTest {

    private static final byte[] JSON =
            "{\"Records\":[{\"eventName\":\"RunInstances\"}]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void decompressesInputStartingWithGzipMagicNumber() throws IOException {
        InputStream input = new ByteArrayInputStream(gzip(JSON));

        byte[] read = Decompression.gunzipIfCompressed(input).readAllBytes();

        assertThat(read).isEqualTo(JSON);
    }

    @Test
    void decompressesGzipArrivingInTinyChunks() throws IOException {
        InputStream input = ChunkedInputStream.tinyChunks(gzip(JSON));

        byte[] read = Decompression.gunzipIfCompressed(input).readAllBytes();

        assertThat(read).isEqualTo(JSON);
    }

    @Test
    void passesPlainInputThroughUnchanged() throws IOException {
        InputStream input = new ChunkedInputStream(JSON, 1);

        byte[] read = Decompression.gunzipIfCompressed(input).readAllBytes();

        assertThat(read).isEqualTo(JSON);
    }

    @Test
    void passesThroughInputThatOnlyStartsLikeGzip() throws IOException {
        byte[] oneByte = {0x1f};

        byte[] read = Decompression.gunzipIfCompressed(new ByteArrayInputStream(oneByte))
                .readAllBytes();

        assertThat(read).isEqualTo(oneByte);
    }

    @Test
    void passesThroughEmptyInput() throws IOException {
        byte[] read =
                Decompression.gunzipIfCompressed(InputStream.nullInputStream()).readAllBytes();

        assertThat(read).isEmpty();
    }

    @Test
    void failsOnTruncatedGzip() throws IOException {
        byte[] compressed = gzip(JSON);
        byte[] truncated = Arrays.copyOf(compressed, compressed.length - 4);

        InputStream input = Decompression.gunzipIfCompressed(new ByteArrayInputStream(truncated));

        assertThatThrownBy(input::readAllBytes).isInstanceOf(EOFException.class);
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(plain);
        }
        return bytes.toByteArray();
    }
}
