package io.hijackwatch.collector.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.testing.CollectingListener;
import io.hijackwatch.collector.testing.TestInputs;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory does not grow with the input: a pull response many times larger than the heap is read in a small JVM. */
class GcpAuditLargeInputTest {

    private static final long THREE_HUNDRED_MEGABYTES = 300L * 1024 * 1024;

    @Test
    void parsesThreeHundredMegabytePullResponseInFortyEightMegabyteHeap(@TempDir Path directory) throws Exception {
        long records = GeneratedPullResponse.recordsFor(THREE_HUNDRED_MEGABYTES);
        TestInputs.ChildRun child =
                TestInputs.runInSmallHeap(directory, ParseGeneratedPullResponse.class, Long.toString(records));

        assertThat(child.finished())
                .as("child finished in time; it printed: %s", child.printed())
                .isTrue();
        assertThat(child.exitCode())
                .as("child exit code; it printed: %s", child.printed())
                .isZero();
        assertThat(child.printed().strip()).isEqualTo("events=" + records + " rejected=0 wrong=0");
    }

    @Test
    void generatesPullResponseOfTheLengthAskedWhoseMessagesTheParserReads() throws Exception {
        byte[] small = new GeneratedPullResponse(3).readAllBytes();

        CollectingListener result = Fixtures.parse(new GcpAuditParser(), new ByteArrayInputStream(small));

        assertThat(small).hasSize((int) GeneratedPullResponse.length(3));
        assertThat(GeneratedPullResponse.length(GeneratedPullResponse.recordsFor(THREE_HUNDRED_MEGABYTES)))
                .isGreaterThanOrEqualTo(THREE_HUNDRED_MEGABYTES);
        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .containsExactly(
                        GeneratedPullResponse.insertId(0),
                        GeneratedPullResponse.insertId(1),
                        GeneratedPullResponse.insertId(2));
        assertThat(result.rejections).isEmpty();
    }
}
