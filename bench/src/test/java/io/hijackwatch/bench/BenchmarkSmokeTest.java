package io.hijackwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's corpus and scan on a small scale, as part of every build. */
class BenchmarkSmokeTest {

    private static final Path JAR = Path.of("..", "service", "target", "hijackwatch.jar");

    @TempDir
    Path work;

    @Test
    void generatesTheSameCorpusFromTheSameSeed() throws IOException {
        List<Path> first = CorpusGenerator.generate(work.resolve("a"), 3_000, 3, 42);
        List<Path> second = CorpusGenerator.generate(work.resolve("b"), 3_000, 3, 42);
        List<Path> other = CorpusGenerator.generate(work.resolve("c"), 3_000, 3, 43);

        for (int i = 0; i < first.size(); i++) {
            assertThat(Files.readAllBytes(first.get(i))).isEqualTo(Files.readAllBytes(second.get(i)));
        }
        assertThat(Files.readAllBytes(first.get(0))).isNotEqualTo(Files.readAllBytes(other.get(0)));
    }

    @Test
    void scanFindsEveryPlantedAttackAndNothingElse() throws Exception {
        Path corpus = work.resolve("corpus");
        CorpusGenerator.generate(corpus, 10_000, 4, 1);
        Path out = work.resolve("alerts.jsonl");
        Path err = work.resolve("scan.err");

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                JAR.toAbsolutePath().toString(),
                "scan",
                "--format",
                "json",
                corpus.toString()));
        Process scan = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(scan.waitFor(120, TimeUnit.SECONDS)).isTrue();

        System.out.println(Files.readString(err).lines().reduce((a, b) -> b).orElse(""));
        assertThat(scan.exitValue()).isZero();
        List<String> alerts = Files.readAllLines(out);
        assertThat(alerts).hasSize(CorpusGenerator.PLANTED_RULES.size());
        for (String rule : CorpusGenerator.PLANTED_RULES) {
            assertThat(alerts).anyMatch(alert -> alert.contains("\"ruleId\":\"" + rule + "\""));
        }
    }
}
