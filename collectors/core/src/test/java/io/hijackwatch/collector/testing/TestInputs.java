package io.hijackwatch.collector.testing;

import io.hijackwatch.collector.EventParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** Ways to hand input to a parser in tests, shared by the parser modules. */
public final class TestInputs {

    private TestInputs() {}

    /** A resource of the test classpath, such as {@code /cloudtrail/records.jsonl}. */
    public static byte[] resource(String path) {
        try (InputStream resource = TestInputs.class.getResourceAsStream(path)) {
            if (resource == null) {
                throw new IllegalArgumentException("no fixture at " + path);
            }
            return resource.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    public static CollectingListener parse(EventParser parser, InputStream input) throws IOException {
        CollectingListener listener = new CollectingListener();
        parser.parse(input, listener);
        return listener;
    }

    /** Hands out 1 to 7 bytes per read, as a slow network stream can. */
    public static InputStream inTinyChunks(byte[] data) {
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

    /** What a child JVM did: whether it ended in time, its exit code and what it printed. */
    public record ChildRun(boolean finished, int exitCode, String printed) {}

    /**
     * Runs a main class of the test classpath in a JVM with a 48 MB heap, so that a test can show that memory does not
     * grow with the input.
     */
    public static ChildRun runInSmallHeap(Path directory, Class<?> mainClass, String... args) throws Exception {
        Path output = directory.resolve("child.out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        return new ChildRun(finished, finished ? process.exitValue() : -1, printed);
    }
}
