package io.hijackwatch.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.Consumer;

/** What every parser's fuzz test asks of any input: it ends, and everything it reports makes sense. */
public final class FuzzChecks {

    private FuzzChecks() {}

    /**
     * Parses the bytes and checks that parsing ends with events and rejections (or an IOException for an unreadable
     * stream), never another exception; that every rejection has a reason; that no more records are reported than the
     * bytes could hold; and that each event passes the parser's own check.
     */
    public static void parseAnyBytes(EventParser parser, byte[] input, Consumer<NormalizedEvent> eventCheck) {
        int[] seen = new int[2];
        try {
            parser.parse(new ByteArrayInputStream(input), new ParseListener() {
                @Override
                public void onEvent(NormalizedEvent event) {
                    eventCheck.accept(event);
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
