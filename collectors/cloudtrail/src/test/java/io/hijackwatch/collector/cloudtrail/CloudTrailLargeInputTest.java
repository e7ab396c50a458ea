package io.hijackwatch.collector.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.testing.CollectingListener;
import io.hijackwatch.collector.testing.TestInputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory does not grow with the input: a file many times larger than the heap is read in a small JVM. */
class CloudTrailLargeInputTest {

    private static final long FOUR_HUNDRED_MEGABYTES = 400L * 1024 * 1024;

    @Test
    void parsesFourHundredMegabyteDeliveryFileInFortyEightMegabyteHeap(@TempDir Path directory) throws Exception {
        long records = GeneratedDeliveryFile.recordsFor(FOUR_HUNDRED_MEGABYTES);
        TestInputs.ChildRun child =
                TestInputs.runInSmallHeap(directory, ParseGeneratedDeliveryFile.class, Long.toString(records));

        assertThat(child.finished())
                .as("child finished in time; it printed: %s", child.printed())
                .isTrue();
        assertThat(child.exitCode())
                .as("child exit code; it printed: %s", child.printed())
                .isZero();
        assertThat(child.printed().strip()).isEqualTo("events=" + records + " rejected=0 wrong=0");
    }

    @Test
    void generatesValidDeliveryFileOfTheLengthAsked() throws IOException {
        long records = GeneratedDeliveryFile.recordsFor(FOUR_HUNDRED_MEGABYTES);

        long length = GeneratedDeliveryFile.length(records);

        assertThat(length).isGreaterThanOrEqualTo(FOUR_HUNDRED_MEGABYTES);
        assertThat(GeneratedDeliveryFile.length(records - 1)).isLessThan(FOUR_HUNDRED_MEGABYTES);
    }

    @Test
    void generatesRecordsTheParserReadsWithTheirCounters() throws IOException {
        byte[] small = new GeneratedDeliveryFile(3).readAllBytes();

        CollectingListener result = Fixtures.parse(new CloudTrailParser(), new ByteArrayInputStream(small));

        assertThat(small).hasSize((int) GeneratedDeliveryFile.length(3));
        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .containsExactly(
                        GeneratedDeliveryFile.eventId(0),
                        GeneratedDeliveryFile.eventId(1),
                        GeneratedDeliveryFile.eventId(2));
        assertThat(result.rejections).isEmpty();
    }
}
