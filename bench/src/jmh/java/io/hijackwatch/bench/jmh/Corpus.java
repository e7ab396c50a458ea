package io.hijackwatch.bench.jmh;

import io.hijackwatch.bench.CorpusGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** One delivery file of the benchmark corpus, generated with a fixed seed and held in memory. */
public final class Corpus {

    private Corpus() {}

    /** The gzip bytes of a delivery file of about this many events. */
    public static byte[] deliveryFile(int events) {
        try {
            Path folder = Files.createTempDirectory("hijackwatch-jmh");
            try {
                List<Path> files = CorpusGenerator.generate(folder, events, 1, 1);
                return Files.readAllBytes(files.get(0));
            } finally {
                try (Stream<Path> walk = Files.walk(folder)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same records behind a leading space, compressed again: the parser then frames the file before reading it,
     * as it does for every shape other than a file that starts with {@code {"Records":[}.
     */
    static byte[] framedVariant(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream zipped = new GZIPOutputStream(out)) {
                zipped.write(' ');
                in.transferTo(zipped);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
