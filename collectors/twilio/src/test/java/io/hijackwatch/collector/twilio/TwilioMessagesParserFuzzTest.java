package io.hijackwatch.collector.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hijackwatch.collector.testing.FuzzChecks;

/**
 * Coverage-guided fuzzing of the whole parser, JSON and CSV alike: whatever the bytes, parsing ends with events and
 * rejections (or an IOException for an unreadable stream), never another exception or a hang, and no event carries
 * an attribute outside the agreed set.
 */
class TwilioMessagesParserFuzzTest {

    private final TwilioMessagesParser parser = new TwilioMessagesParser(4096);

    @FuzzTest(maxDuration = "15s")
    void parsesAnyBytesWithoutFailing(byte[] input) {
        FuzzChecks.parseAnyBytes(
                parser, input, event -> assertThat(event.attributes()).hasSizeLessThanOrEqualTo(15));
    }
}
