package io.hijackwatch.collector.cloudtrail;

import static io.hijackwatch.collector.cloudtrail.Fixtures.bytes;
import static io.hijackwatch.collector.cloudtrail.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.testing.CollectingListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A delivery file that starts exactly as {@code {"Records":[} is read with one parser instead of being framed first.
 * Whatever is wrong with such a file, the events and rejections must be the ones the framer gives: the same file
 * behind a leading space takes the framer's path, and the two results are compared.
 */
class CloudTrailDirectReadingTest {

    private static final int SMALL_LIMIT = 4096;

    @Test
    void readsACleanDeliveryFileAsTheFramerDoes() throws IOException {
        byte[] file = deliveryFile(12);

        Result direct = parse(new CloudTrailParser(), file);

        assertThat(direct.listener.events).hasSize(36);
        assertThat(direct.listener.rejections).isEmpty();
        assertThat(direct).isEqualTo(parse(new CloudTrailParser(), framed(file)));
    }

    @Test
    void givesTheFramersAnswerWhereverTheFileIsCutOff() throws IOException {
        byte[] file = deliveryFile(3);

        for (int end = 0; end < file.length; end += 97) {
            byte[] cut = Arrays.copyOf(file, end);

            assertThat(parse(new CloudTrailParser(), cut))
                    .as("cut at %d", end)
                    .isEqualTo(parse(new CloudTrailParser(), framed(cut)));
        }
    }

    @Test
    void givesTheFramersAnswerWhereverAByteIsBroken() throws IOException {
        byte[] file = deliveryFile(3);

        for (int at = 12; at < file.length; at += 53) {
            for (byte broken : new byte[] {'}', ']', '"', '#', '{', ','}) {
                byte[] damaged = file.clone();
                damaged[at] = broken;

                assertThat(parse(new CloudTrailParser(), damaged))
                        .as("byte %d set to %c", at, (char) broken)
                        .isEqualTo(parse(new CloudTrailParser(), framed(damaged)));
            }
        }
    }

    @Test
    void rejectsRecordsOverTheLimitAndOfTheWrongShapeAsTheFramerDoes() throws IOException {
        String large = "{\"eventTime\":\"2024-12-16T18:41:07Z\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"RunInstances\",\"eventID\":\"large\",\"requestParameters\":{\"text\":\""
                + "x".repeat(SMALL_LIMIT) + "\"}}";
        String wrongType = "{\"eventTime\":{\"at\":1},\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"X\"}";
        String[] records = lines();
        byte[] file = utf8("{\"Records\":[" + records[0] + "," + large + ",7,\"text\",[1,{}]," + wrongType + ","
                + records[1] + "],\"other\":{\"Records\":1},\"Records\":[" + records[2] + "]}\n{\"Records\":["
                + records[0] + "]}");

        Result direct = parse(new CloudTrailParser(SMALL_LIMIT), file);

        assertThat(direct.listener.events).hasSize(4);
        assertThat(direct.listener.rejections).hasSize(5);
        assertThat(direct).isEqualTo(parse(new CloudTrailParser(SMALL_LIMIT), framed(file)));
    }

    @Test
    void reportsTheSameEventsBeforeATruncatedGzipStreamFails() throws IOException {
        byte[] truncated = gzip(deliveryFile(40), 2, 3);

        Result direct = parse(new CloudTrailParser(), truncated);

        assertThat(direct.failure).isNotNull();
        assertThat(direct.listener.events).isNotEmpty();
        assertThat(direct).isEqualTo(parse(new CloudTrailParser(), gzip(framed(deliveryFile(40)), 2, 3)));
    }

    private static byte[] gzip(byte[] plain, int numerator, int denominator) {
        byte[] compressed = Fixtures.gzip(plain);
        return Arrays.copyOf(compressed, compressed.length * numerator / denominator);
    }

    private static String[] lines() {
        return new String(bytes("records.jsonl"), StandardCharsets.UTF_8)
                .strip()
                .split("\n");
    }

    /** A compact delivery file of the sample records, repeated. */
    private static byte[] deliveryFile(int copies) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            records.addAll(List.of(lines()));
        }
        return utf8("{\"Records\":[" + String.join(",", records) + "]}");
    }

    /** The same bytes behind a space, which the framer reads the same way but which is not read directly. */
    private static byte[] framed(byte[] file) {
        byte[] spaced = new byte[file.length + 1];
        spaced[0] = ' ';
        System.arraycopy(file, 0, spaced, 1, file.length);
        return spaced;
    }

    private static Result parse(CloudTrailParser parser, byte[] input) {
        CollectingListener listener = new CollectingListener();
        String failure = null;
        try {
            parser.parse(new ByteArrayInputStream(input), listener);
        } catch (IOException e) {
            failure = e.getClass().getName();
        }
        return new Result(listener, failure);
    }

    private record Result(CollectingListener listener, String failure) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Result result
                    && listener.events.equals(result.listener.events)
                    && listener.rejections.equals(result.listener.rejections)
                    && listener.skipped.equals(result.listener.skipped)
                    && String.valueOf(failure).equals(String.valueOf(result.failure));
        }

        @Override
        public int hashCode() {
            return listener.events.size();
        }

        @Override
        public String toString() {
            return listener.events.size() + " events, rejections " + listener.rejections + ", failure " + failure;
        }
    }
}
