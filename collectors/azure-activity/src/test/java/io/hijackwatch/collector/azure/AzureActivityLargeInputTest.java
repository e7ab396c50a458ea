package io.hijackwatch.collector.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.testing.CollectingListener;
import io.hijackwatch.collector.testing.TestInputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory does not grow with the input: a stream many times larger than the heap is read in a small JVM. */
class AzureActivityLargeInputTest {

    private static final long FOUR_HUNDRED_MEGABYTES = 400L * 1024 * 1024;

    @Test
    void parsesFourHundredMegabyteEventHubsStreamInFortyEightMegabyteHeap(@TempDir Path directory) throws Exception {
        long records = GeneratedEventHubsStream.recordsFor(FOUR_HUNDRED_MEGABYTES);
        TestInputs.ChildRun child =
                TestInputs.runInSmallHeap(directory, ParseGeneratedEventHubsStream.class, Long.toString(records));

        assertThat(child.finished())
                .as("child finished in time; it printed: %s", child.printed())
                .isTrue();
        assertThat(child.exitCode())
                .as("child exit code; it printed: %s", child.printed())
                .isZero();
        assertThat(child.printed().strip()).isEqualTo("events=" + records + " rejected=0 wrong=0");
    }

    @Test
    void generatesStreamOfTheLengthAsked() throws IOException {
        long records = GeneratedEventHubsStream.recordsFor(FOUR_HUNDRED_MEGABYTES);

        long length = GeneratedEventHubsStream.length(records);

        assertThat(length).isGreaterThanOrEqualTo(FOUR_HUNDRED_MEGABYTES);
        assertThat(GeneratedEventHubsStream.length(records - 1)).isLessThan(FOUR_HUNDRED_MEGABYTES);
        assertThat(new GeneratedEventHubsStream(3).readAllBytes()).hasSize((int) GeneratedEventHubsStream.length(3));
    }

    @Test
    void generatesRecordsTheParserReadsWithTheirCounters() throws IOException {
        byte[] small = new GeneratedEventHubsStream(3).readAllBytes();

        CollectingListener result = Fixtures.parse(new AzureActivityParser(), new ByteArrayInputStream(small));

        assertThat(result.rejections).isEmpty();
        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .allSatisfy(id -> assertThat(id)
                        .endsWith("|microsoft.compute/virtualmachines/write|/subscriptions/"
                                + "7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f/resourcegroups/rg-ml-training/providers/"
                                + "microsoft.compute/virtualmachines/train-gpu-01"))
                .extracting(id -> id.substring(0, id.indexOf('|')))
                .containsExactly(
                        GeneratedEventHubsStream.correlationId(0),
                        GeneratedEventHubsStream.correlationId(1),
                        GeneratedEventHubsStream.correlationId(2));
        assertThat(result.event(2).attribute("request.properties.hardwareProfile.vmSize"))
                .isEqualTo("Standard_NC24ads_A100_v4");
    }
}
