package io.hijackwatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class ScanProgressTests {

    @Test
    void printsFilesEventsAndRateWhileAScanRuns() throws InterruptedException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger filesDone = new AtomicInteger(3);
        LongAdder events = new LongAdder();
        events.add(12_345);

        try (ScanProgress progress = ScanProgress.start(
                new PrintStream(err, true, StandardCharsets.UTF_8), 10, filesDone, events, Duration.ofMillis(20))) {
            Thread.sleep(200);
        }

        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("scan: 3 of 10 files, 12,345 events, [\\d,]+ events/s");
    }

    @Test
    void printsNothingForAScanShorterThanOneInterval() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        try (ScanProgress progress = ScanProgress.start(
                new PrintStream(err, true, StandardCharsets.UTF_8), 1, new AtomicInteger(), new LongAdder())) {
            assertThat(progress).isNotNull();
        }

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
