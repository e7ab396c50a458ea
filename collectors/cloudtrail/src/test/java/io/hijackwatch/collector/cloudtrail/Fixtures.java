package io.hijackwatch.collector.cloudtrail;

import io.hijackwatch.collector.testing.CollectingListener;
import io.hijackwatch.collector.testing.TestInputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The sample files under {@code src/test/resources/cloudtrail} and ways to deliver them to a parser. */
final class Fixtures {

    private Fixtures() {}

    static byte[] bytes(String name) {
        return TestInputs.resource("/cloudtrail/" + name);
    }

    static byte[] utf8(String text) {
        return TestInputs.utf8(text);
    }

    static byte[] gzip(byte[] plain) {
        return TestInputs.gzip(plain);
    }

    static CollectingListener parse(byte[] input) throws IOException {
        return parse(new CloudTrailParser(), new ByteArrayInputStream(input));
    }

    static CollectingListener parse(CloudTrailParser parser, InputStream input) throws IOException {
        return TestInputs.parse(parser, input);
    }

    /** Hands out 1 to 7 bytes per read, as a slow network stream can. */
    static InputStream inTinyChunks(byte[] data) {
        return TestInputs.inTinyChunks(data);
    }
}
