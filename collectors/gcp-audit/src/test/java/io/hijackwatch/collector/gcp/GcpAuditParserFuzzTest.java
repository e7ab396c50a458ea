package io.hijackwatch.collector.gcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hijackwatch.collector.testing.FuzzChecks;

/**
 * Coverage-guided fuzzing of the whole parser, framing included: whatever the bytes, parsing ends with events,
 * rejections, skips or an IOException for an unreadable stream, never another exception or a hang. The build fuzzes
 * for a bounded time; saved crashing inputs are replayed every time.
 */
class GcpAuditParserFuzzTest {

    private final GcpAuditParser parser = new GcpAuditParser();

    @FuzzTest(maxDuration = "20s")
    void parsesAnyBytesWithoutFailing(byte[] input) {
        FuzzChecks.parseAnyBytes(parser, input, event -> {});
    }
}
