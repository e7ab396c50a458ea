package io.hijackwatch.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files a scan reads: named files as they are, and in named folders every log file below them, in name order
 * (which for CloudTrail's file names is time order). CloudTrail digest files hold hashes, not events, and are left
 * out of folders.
 */
final class ScanInputs {

    private static final List<String> LOG_SUFFIXES =
            List.of(".json", ".json.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz");
    private static final String DIGEST_MARK = "CloudTrail-Digest";

    private final List<Path> files;
    private final int digestFilesLeftOut;

    private ScanInputs(List<Path> files, int digestFilesLeftOut) {
        this.files = files;
        this.digestFilesLeftOut = digestFilesLeftOut;
    }

    /** @throws ScanOptions.UsageException when a named path does not exist or cannot be read */
    static ScanInputs expand(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        int digests = 0;
        for (Path path : paths) {
            requireReadable(path);
            if (Files.isDirectory(path)) {
                for (Path file : logFilesBelow(path)) {
                    if (file.toString().contains(DIGEST_MARK)) {
                        digests++;
                    } else {
                        files.add(file);
                    }
                }
            } else {
                files.add(path);
            }
        }
        return new ScanInputs(List.copyOf(files), digests);
    }

    private static void requireReadable(Path path) {
        if (!Files.exists(path)) {
            throw new ScanOptions.UsageException("no such file or folder: " + path);
        }
        if (!Files.isReadable(path)) {
            throw new ScanOptions.UsageException("cannot read " + path);
        }
    }

    /**
     * The log files in a folder and below it. A folder named through a symbolic link (a mounted or linked log
     * directory) is read; links inside it are not followed, so a link back up cannot make the walk go round.
     */
    private static List<Path> logFilesBelow(Path folder) {
        try (Stream<Path> walk = Files.walk(folder.toRealPath())) {
            return walk.filter(Files::isRegularFile)
                    .filter(ScanInputs::looksLikeLogFile)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ScanOptions.UsageException("cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static boolean looksLikeLogFile(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return LOG_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    List<Path> files() {
        return files;
    }

    int digestFilesLeftOut() {
        return digestFilesLeftOut;
    }
}
