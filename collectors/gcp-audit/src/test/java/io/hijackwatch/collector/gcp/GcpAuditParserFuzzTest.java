package io.hijackwatch.collector.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the whole parser, framing included: whatever the bytes, parsing ends with events,
 * rejections, skips or an IOException for an unreadable stream, never another exception or a hang. The build fuzzes
 * for a bounded time; saved crashing inputs are replayed every time.
 */
class GcpAuditParserFuzzTest {

    private final GcpAuditParser parser = new GcpAuditParser();

    @FuzzTest(maxDuration = "20s")
    void parsesAnyBytesWithoutFailing(byte[] input) {
        int[] seen = new int[2];
        try {
            parser.parse(new ByteArrayInputStream(input), new ParseListener() {
                @Override
                public void onEvent(NormalizedEvent event) {
                    seen[0]++;
                }

                @Override
                public void onRejected(Rejection rejection) {
                    assertThat(rejection.reason()).isNotBlank();
                    seen[1]++;
                }
            });
        } catch (IOException unreadable) {
            return;
        }
        assertThat(seen[0] + seen[1]).isLessThanOrEqualTo(input.length + 1);
    }
}
