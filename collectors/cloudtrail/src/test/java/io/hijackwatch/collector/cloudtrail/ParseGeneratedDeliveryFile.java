package io.hijackwatch.collector.cloudtrail;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.io.IOException;

/**
 * Run in a JVM of its own by {@link CloudTrailLargeInputTest}: parses a generated delivery file of the given number of
 * records and prints what it found on one line.
 */
public final class ParseGeneratedDeliveryFile {

    private ParseGeneratedDeliveryFile() {}

    public static void main(String[] args) throws IOException {
        long records = Long.parseLong(args[0]);
        Counts counts = new Counts();

        new CloudTrailParser().parse(new GeneratedDeliveryFile(records), counts);

        System.out.println("events=" + counts.events + " rejected=" + counts.rejected + " wrong=" + counts.wrong);
    }

    private static final class Counts implements ParseListener {
        long events;
        long rejected;
        long wrong;

        @Override
        public void onEvent(NormalizedEvent event) {
            if (!event.eventId().equals(GeneratedDeliveryFile.eventId(events))
                    || !"p4d.24xlarge".equals(event.attribute("request.instanceType"))) {
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
