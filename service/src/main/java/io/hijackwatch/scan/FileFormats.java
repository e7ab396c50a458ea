package io.hijackwatch.scan;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.EventParsers;
import io.hijackwatch.collector.json.Decompression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells a file's log format from its first few kilobytes, decompressed, so that one scan can read a folder that
 * mixes CloudTrail, Azure and GCP exports. A file whose head matches no format, or more than one, is not guessed at.
 */
final class FileFormats {

    private static final int HEAD_BYTES = 16 * 1024;

    private final EventParsers parsers;

    FileFormats(EventParsers parsers) {
        this.parsers = parsers;
    }

    Optional<EventParser> recognize(Path file) throws IOException {
        try (InputStream input = Decompression.gunzipIfCompressed(Files.newInputStream(file))) {
            byte[] head = input.readNBytes(HEAD_BYTES);
            if (new String(head, StandardCharsets.UTF_8).isBlank()) {
                return parsers.forFormat("cloudtrail");
            }
            return parsers.recognize(new String(head, StandardCharsets.UTF_8));
        }
    }
}
