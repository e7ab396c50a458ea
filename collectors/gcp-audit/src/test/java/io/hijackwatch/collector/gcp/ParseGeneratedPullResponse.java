package io.hijackwatch.collector.gcp;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.io.IOException;

/**
 * Run in a JVM of its own by {@link GcpAuditLargeInputTest}: parses a generated pull response of the given number of
 * messages and prints what it found on one line.
 */
public final class ParseGeneratedPullResponse {

    private ParseGeneratedPullResponse() {}

    public static void main(String[] args) throws IOException {
        long records = Long.parseLong(args[0]);
        Counts counts = new Counts();

        new GcpAuditParser().parse(new GeneratedPullResponse(records), counts);

        System.out.println("events=" + counts.events + " rejected=" + counts.rejected + " wrong=" + counts.wrong);
    }

    private static final class Counts implements ParseListener {
        long events;
        long rejected;
        long wrong;

        @Override
        public void onEvent(NormalizedEvent event) {
            if (!event.eventId().equals(GeneratedPullResponse.insertId(events))
                    || !"a2-highgpu-1g".equals(event.attribute("machineType"))) {
                wrong++;
            }
            events++;
        }

        @Override
        public void onRejected(Rejection rejection) {
            rejected++;
        }
    }
}
