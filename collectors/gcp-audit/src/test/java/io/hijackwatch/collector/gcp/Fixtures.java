package io.hijackwatch.collector.gcp;

import io.hijackwatch.collector.testing.CollectingListener;
import io.hijackwatch.collector.testing.TestInputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The sample files under {@code src/test/resources/gcp-audit} and ways to deliver them to a parser. */
final class Fixtures {

    private Fixtures() {}

    static byte[] bytes(String name) {
        return TestInputs.resource("/gcp-audit/" + name);
    }

    /** The lines of a JSON-lines fixture. */
    static List<String> lines(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8).lines().toList();
    }

    static byte[] utf8(String text) {
        return TestInputs.utf8(text);
    }

    static byte[] gzip(byte[] plain) {
        return TestInputs.gzip(plain);
    }

    static CollectingListener parse(byte[] input) throws IOException {
        return parse(new GcpAuditParser(), new ByteArrayInputStream(input));
    }

    static CollectingListener parse(GcpAuditParser parser, InputStream input) throws IOException {
        return TestInputs.parse(parser, input);
    }

    /** Hands out 1 to 7 bytes per read, as a slow network stream can. */
    static InputStream inTinyChunks(byte[] data) {
        return TestInputs.inTinyChunks(data);
    }
}
