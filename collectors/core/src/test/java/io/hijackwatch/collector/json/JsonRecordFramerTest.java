package io.hijackwatch.collector.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the framer reports, written as one line per record: {@code "3 {...}"} for a framed record and {@code "3 !
 * reason"} for a malformed one, where 3 is the record's index.
 */
class JsonRecordFramerTest {

    private static final Set<String> CONTAINERS = Set.of("Records", "Events");

    private static final String NOT_AN_OBJECT = "! record is not a JSON object";
    private static final String STRAY = "! unexpected content outside any JSON value; skipped to the next line";
    private static final String CUT_AT_LINE_END = "! record is cut off at the end of its line";
    private static final String CUT_AT_EOF = "! record is cut off: the input ends inside it";

    /** Every shape is framed twice: from one buffer, and from a stream that hands out 1 to 7 bytes per read. */
    enum Delivery {
        WHOLE,
        TINY_CHUNKS;

        InputStream open(byte[] bytes) {
            return this == WHOLE ? new ByteArrayInputStream(bytes) : ChunkedInputStream.tinyChunks(bytes);
        }
    }

    private final JsonRecordFramer framer = new JsonRecordFramer(CONTAINERS);

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesEachObjectOfTopLevelArray(Delivery delivery) throws IOException {
        String input = "[{\"eventName\":\"RunInstances\"}, {\"eventName\":\"AssumeRole\"}]";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\"eventName\":\"RunInstances\"}", "1 {\"eventName\":\"AssumeRole\"}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesObjectsUnderContainerFieldAndNotTheWrapper(Delivery delivery) throws IOException {
        String input = "{\"Records\":[{\"a\":1},{\"b\":{\"c\":[1,2]}}]}";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\"a\":1}", "1 {\"b\":{\"c\":[1,2]}}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void findsContainerFieldAfterOtherFields(Delivery delivery) throws IOException {
        String input = "{\"NextToken\":\"abc\",\"meta\":{\"Records\":[{\"no\":1}],\"list\":[{\"no\":2}]},"
                + "\"Events\":[{\"yes\":1},{\"yes\":2}],\"trailer\":[{\"no\":3}]}";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\"yes\":1}", "1 {\"yes\":2}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesEveryContainerOfOneObject(Delivery delivery) throws IOException {
        String input = "{\"Records\":[{\"a\":1}],\"Events\":[{\"b\":2}]}";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\"a\":1}", "1 {\"b\":2}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesEmptyContainerAsNothing(Delivery delivery) throws IOException {
        List<String> framed = frame("{\"Records\":[]}\n[]\n", delivery);

        assertThat(framed).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void treatsObjectAsRecordWhenContainerKeyIsEscaped(Delivery delivery) throws IOException {
        String input = "{\"Rec\\u006frds\":[{\"a\":1}]}";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 " + input);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void treatsObjectAsRecordWhenContainerFieldIsNoArray(Delivery delivery) throws IOException {
        String input = "{\"Records\":{\"a\":[{\"b\":1}]}}\n{\"Records\":5}\n{\"Records\":\"[{}]\"}\n{\"Records\":null}";

        List<String> framed = frame(input, delivery);

        assertThat(framed)
                .containsExactly(
                        "0 {\"Records\":{\"a\":[{\"b\":1}]}}",
                        "1 {\"Records\":5}",
                        "2 {\"Records\":\"[{}]\"}",
                        "3 {\"Records\":null}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void doesNotTakeContainerNameAsValueOfEscapedKeyForAKey(Delivery delivery) throws IOException {
        String input = "{\"a\\\"\":\"Records\",\"b\\\"\":[{\"c\":1}]}";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 " + input);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void recognizesOnlyConfiguredContainerNamesInFull(Delivery delivery) throws IOException {
        String input = "{\"records\":[{\"a\":1}],\"RecordsX\":[{\"b\":2}],\"Record\":[{\"c\":3}]}";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 " + input);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsArrayElementsThatAreNotObjectsAndKeepsTheObjects(Delivery delivery) throws IOException {
        String input = "[1,\"x\",[2,{\"in\":\"array\"}],{\"a\":1},true,null,-2.5e3,{\"b\":2}]";

        List<String> framed = frame(input, delivery);

        assertThat(framed)
                .containsExactly(
                        "0 " + NOT_AN_OBJECT,
                        "1 " + NOT_AN_OBJECT,
                        "2 " + NOT_AN_OBJECT,
                        "3 {\"a\":1}",
                        "4 " + NOT_AN_OBJECT,
                        "5 " + NOT_AN_OBJECT,
                        "6 " + NOT_AN_OBJECT,
                        "7 {\"b\":2}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsContainerElementsThatAreNotObjects(Delivery delivery) throws IOException {
        String input = "{\"Records\":[\"{\\\"a\\\":1}\",{\"a\":1},[{\"b\":2}]]}";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 " + NOT_AN_OBJECT, "1 {\"a\":1}", "2 " + NOT_AN_OBJECT);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsStrayContentAtRootAndResumesOnNextLine(Delivery delivery) throws IOException {
        String input = "hello {\"lost\":1}\n{\"a\":1}\n42\n\"text\"\n}\n,\n{\"b\":2}";

        List<String> framed = frame(input, delivery);

        assertThat(framed)
                .containsExactly(
                        "0 " + STRAY,
                        "1 {\"a\":1}",
                        "2 " + STRAY,
                        "3 " + STRAY,
                        "4 " + STRAY,
                        "5 " + STRAY,
                        "6 {\"b\":2}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsContentAfterRecordOnSameLine(Delivery delivery) throws IOException {
        String input = "{\"a\":1}}{\"lost\":1}\n{\"b\":2}\n";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\"a\":1}", "1 " + STRAY, "2 {\"b\":2}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesPrettyPrintedSingleRecord(Delivery delivery) throws IOException {
        String input = "{\n  \"eventName\": \"RunInstances\",\n  \"requestParameters\": {\n    \"instanceType\": "
                + "\"p4d.24xlarge\"\n  },\n  \"resources\": [\n    {\"ARN\": \"arn:aws:ec2:us-east-1::image/ami-1\"}\n"
                + "  ]\n}\n";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 " + input.strip());
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesPrettyPrintedContainerSpanningManyLines(Delivery delivery) throws IOException {
        String input =
                "{\n  \"Records\": [\n    {\n      \"a\": 1\n    },\n    {\n      \"b\": \"two\"\n    }\n  ]\n}\n";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\n      \"a\": 1\n    }", "1 {\n      \"b\": \"two\"\n    }");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesJsonLinesWithBlankLinesAndCrLf(Delivery delivery) throws IOException {
        String input = "{\"a\":1}\r\n\r\n  {\"b\":2}  \r\n\n{\"c\":3}";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\"a\":1}", "1 {\"b\":2}", "2 {\"c\":3}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsBrokenLineInMiddleOfJsonLinesAndFramesTheRest(Delivery delivery) throws IOException {
        String input = "{\"a\":1}\n{\"eventName\":\"cut\",\"requestParameters\":{\"x\":[1,\n{\"b\":2}\n"
                + "{\"text\":\"unterminated}\n{\"c\":3}\n";

        List<String> framed = frame(input, delivery);

        assertThat(framed)
                .containsExactly(
                        "0 {\"a\":1}", "1 " + CUT_AT_LINE_END, "2 {\"b\":2}", "3 " + CUT_AT_LINE_END, "4 {\"c\":3}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsLineCutOffRightAfterBackslashAndFramesTheNextLine(Delivery delivery) throws IOException {
        String input = "{\"a\":1}\n{\"userAgent\":\"cut in an escape \\\n{\"b\":2}\n{\"c\":3}\n";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\"a\":1}", "1 " + CUT_AT_LINE_END, "2 {\"b\":2}", "3 {\"c\":3}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsLineThatEndsInsideContainerBetweenRecords(Delivery delivery) throws IOException {
        String input = "{\"a\":1}\n{\"Records\":[{\"b\":2},\n{\"c\":3}\n";

        List<String> framed = frame(input, delivery);

        assertThat(framed)
                .containsExactly(
                        "0 {\"a\":1}",
                        "1 {\"b\":2}",
                        "2 ! line ends inside a JSON value; the rest of it was skipped",
                        "3 {\"c\":3}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsRecordCutOffByEndOfInput(Delivery delivery) throws IOException {
        String input = "{\"Records\":[{\"a\":1},{\"b\":{\"c\":\"trunc";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\"a\":1}", "1 " + CUT_AT_EOF);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void reportsNothingWhenInputEndsBetweenRecords(Delivery delivery) throws IOException {
        String input = "{\"Records\":[{\"a\":1},";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 {\"a\":1}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsOversizedRecordAndFramesTheNextOne(Delivery delivery) throws IOException {
        JsonRecordFramer small = new JsonRecordFramer(CONTAINERS, 32);
        String input = "[{\"a\":1},{\"big\":\"" + "x".repeat(100) + "\"},{\"b\":2}]";

        List<String> framed = frame(small, input, delivery);

        assertThat(framed)
                .containsExactly("0 {\"a\":1}", "1 ! record is larger than the limit of 32 bytes", "2 {\"b\":2}");
    }

    @Test
    void acceptsRecordOfExactlyTheLimit() throws IOException {
        String record = "{\"k\":\"" + "x".repeat(24) + "\"}";
        JsonRecordFramer exact = new JsonRecordFramer(CONTAINERS, record.length());

        List<String> framed = frame(exact, "[" + record + "]", Delivery.WHOLE);

        assertThat(framed).containsExactly("0 " + record);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void streamsPastRecordLargerThanItsBufferAndFramesTheNextOne(Delivery delivery) throws IOException {
        JsonRecordFramer limited = new JsonRecordFramer(CONTAINERS, 100_000);
        String huge = "{\"big\":\"" + "x\\\"y\\\\".repeat(60_000) + "\",\"nested\":[{\"z\":1}]}";
        String input = "{\"Records\":[{\"a\":1}," + huge + ",{\"b\":2}]}";

        List<String> framed = frame(limited, input, delivery);

        assertThat(framed)
                .containsExactly("0 {\"a\":1}", "1 ! record is larger than the limit of 100000 bytes", "2 {\"b\":2}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesRecordsLargerThanTheInitialBuffer(Delivery delivery) throws IOException {
        String big = "{\"big\":\"" + "y".repeat(200_000) + "\"}";
        String input = "[" + big + ",{\"b\":2}]";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 " + big, "1 {\"b\":2}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesContainerWhoseWrapperIsLargerThanTheLimit(Delivery delivery) throws IOException {
        JsonRecordFramer small = new JsonRecordFramer(CONTAINERS, 64);
        String input = "{\"padding\":\"" + "p".repeat(100_000) + "\",\"Records\":[{\"a\":1}]}";

        List<String> framed = frame(small, input, delivery);

        assertThat(framed).containsExactly("0 {\"a\":1}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void skipsUtf8ByteOrderMark(Delivery delivery) throws IOException {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] json = "{\"Records\":[{\"a\":\"\u00e9\"}]}".getBytes(StandardCharsets.UTF_8);

        List<String> framed = frame(framer, concat(bom, json), delivery);

        assertThat(framed).containsExactly("0 {\"a\":\"\u00e9\"}");
    }

    @Test
    void skipsByteOrderMarkDeliveredOneByteAtATime() throws IOException {
        byte[] input = concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, "[{\"a\":1}]".getBytes());

        List<String> framed = frame(framer, new ChunkedInputStream(input, 1));

        assertThat(framed).containsExactly("0 {\"a\":1}");
    }

    @Test
    void rejectsByteOrderMarkOnlyAtTheStart() throws IOException {
        byte[] input = concat("{\"a\":1}\n".getBytes(), new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});

        List<String> framed = frame(framer, new ByteArrayInputStream(input));

        assertThat(framed).containsExactly("0 {\"a\":1}", "1 " + STRAY);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesNothingFromEmptyInput(Delivery delivery) throws IOException {
        List<String> framed = frame("", delivery);

        assertThat(framed).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesNothingFromBlankInput(Delivery delivery) throws IOException {
        List<String> framed = frame(" \n\r\n\t ", delivery);

        assertThat(framed).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void rejectsRecordNestedDeeperThanTheLimitAndFramesTheNextOne(Delivery delivery) throws IOException {
        String deep = "{\"d\":" + "[".repeat(200) + "]".repeat(200) + "}";
        String input = "{\"Records\":[" + deep + ",{\"b\":2}]}";

        List<String> framed = frame(input, delivery);

        assertThat(framed).containsExactly("0 ! record is nested deeper than 128 levels", "1 {\"b\":2}");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void framesRecordNestedJustWithinTheLimit(Delivery delivery) throws IOException {
        String nested = "{\"d\":" + "[".repeat(120) + "]".repeat(120) + "}";

        List<String> framed = frame("[" + nested + "]", delivery);

        assertThat(framed).containsExactly("0 " + nested);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void ignoresBracketsAndQuotesInsideStrings(Delivery delivery) throws IOException {
        String record = "{\"s\":\"}]{[\\\"\\\\\",\"t\":\"\\\\\",\"u\":\"\\\\\\\"}\",\"v\":\"\\u005b\\n\"}";

        List<String> framed = frame("[" + record + ",{\"b\":2}]", delivery);

        assertThat(framed).containsExactly("0 " + record, "1 {\"b\":2}");
    }

    @Test
    void framesEscapesWhereverTheInputIsSplit() throws IOException {
        String record = "{\"Rec\\\"ords\":\"a\\\\\",\"b\":\"\\\"}\\\\\",\"c\":[\"\\\\\\\"]\"]}";
        byte[] input = ("{\"x\":\"\\\\\",\"Records\":[" + record + ",{\"d\":\"\\\"\"}]}").getBytes();

        for (int split = 1; split < input.length; split++) {
            List<String> framed = frame(framer, new SplitInputStream(input, split));

            assertThat(framed).as("split at %d", split).containsExactly("0 " + record, "1 {\"d\":\"\\\"\"}");
        }
    }

    @Test
    void framesJsonLinesWhereverTheInputIsSplit() throws IOException {
        byte[] input = "{\"a\":\"x\\\\\"}\n{\"cut\":\"\\\"\n{\"cut\":\"\\\n{\"b\":[\"\\\"]\"]}\n".getBytes();

        for (int split = 1; split < input.length; split++) {
            List<String> framed = frame(framer, new SplitInputStream(input, split));

            assertThat(framed)
                    .as("split at %d", split)
                    .containsExactly(
                            "0 {\"a\":\"x\\\\\"}",
                            "1 " + CUT_AT_LINE_END,
                            "2 " + CUT_AT_LINE_END,
                            "3 {\"b\":[\"\\\"]\"]}");
        }
    }

    @Test
    void readsMultiByteUtf8Unchanged() throws IOException {
        String record = "{\"userName\":\"\u00e9l\u00e8ve-\u6771\u4eac-\ud83d\ude80\"}";

        List<String> framed = frame("{\"Records\":[" + record + "]}", Delivery.TINY_CHUNKS);

        assertThat(framed).containsExactly("0 " + record);
    }

    @Test
    void numbersRecordsAcrossConcatenatedShapes() throws IOException {
        String input = "[{\"a\":1},2]\n{\"Records\":[{\"b\":2}]}\n{\"c\":3}\n";

        List<String> framed = frame(input, Delivery.WHOLE);

        assertThat(framed).containsExactly("0 {\"a\":1}", "1 " + NOT_AN_OBJECT, "2 {\"b\":2}", "3 {\"c\":3}");
    }

    @Test
    void givesRecordBytesAtTheOffsetAndLengthReported() throws IOException {
        List<String> spans = new ArrayList<>();
        byte[] input = "[ {\"a\":1} ,\n {\"b\":22} ]".getBytes();

        framer.frame(new ByteArrayInputStream(input), new JsonRecordFramer.RecordHandler() {
            @Override
            public void onRecord(long index, byte[] buffer, int offset, int length) {
                spans.add(offset + "+" + length);
            }

            @Override
            public void onMalformed(long index, String reason) {}
        });

        assertThat(spans).containsExactly("2+7", "13+8");
    }

    private List<String> frame(String input, Delivery delivery) throws IOException {
        return frame(framer, input, delivery);
    }

    private static List<String> frame(JsonRecordFramer framer, String input, Delivery delivery) throws IOException {
        return frame(framer, input.getBytes(StandardCharsets.UTF_8), delivery);
    }

    private static List<String> frame(JsonRecordFramer framer, byte[] input, Delivery delivery) throws IOException {
        return frame(framer, delivery.open(input));
    }

    private static List<String> frame(JsonRecordFramer framer, InputStream input) throws IOException {
        List<String> framed = new ArrayList<>();
        framer.frame(input, new JsonRecordFramer.RecordHandler() {
            @Override
            public void onRecord(long index, byte[] buffer, int offset, int length) {
                framed.add(index + " " + new String(buffer, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void onMalformed(long index, String reason) {
                framed.add(index + " ! " + reason);
            }
        });
        return framed;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Hands out its bytes in two reads, split at a given position. */
    private static final class SplitInputStream extends InputStream {
        private final byte[] data;
        private final int split;
        private int position;

        SplitInputStream(byte[] data, int split) {
            this.data = data;
            this.split = split;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= data.length) {
                return -1;
            }
            int end = position < split ? split : data.length;
            int count = Math.min(length, end - position);
            System.arraycopy(data, position, buffer, offset, count);
            position += count;
            return count;
        }
    }
}
