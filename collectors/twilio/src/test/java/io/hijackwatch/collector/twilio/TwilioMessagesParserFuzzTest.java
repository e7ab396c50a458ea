package io.hijackwatch.collector.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the whole parser, JSON and CSV alike: whatever the bytes, parsing ends with events and
 * rejections (or an IOException for an unreadable stream), never another exception or a hang, and no event carries
 * an attribute outside the agreed set.
 */
class TwilioMessagesParserFuzzTest {

    private final TwilioMessagesParser parser = new TwilioMessagesParser(4096);

    @FuzzTest(maxDuration = "15s")
    void parsesAnyBytesWithoutFailing(byte[] input) {
        int[] seen = new int[2];
        try {
            parser.parse(new ByteArrayInputStream(input), new ParseListener() {
                @Override
                public void onEvent(NormalizedEvent event) {
                    assertThat(event.attributes()).hasSizeLessThanOrEqualTo(15);
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
