package io.hijackwatch.collector.azure;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.io.IOException;

/**
 * Run in a JVM of its own by {@link AzureActivityLargeInputTest}: parses a generated Event Hubs stream of the given
 * number of records and prints what it found on one line.
 */
public final class ParseGeneratedEventHubsStream {

    private ParseGeneratedEventHubsStream() {}

    public static void main(String[] args) throws IOException {
        long records = Long.parseLong(args[0]);
        Counts counts = new Counts();

        new AzureActivityParser().parse(new GeneratedEventHubsStream(records), counts);

        System.out.println("events=" + counts.events + " rejected=" + counts.rejected + " wrong=" + counts.wrong);
    }

    private static final class Counts implements ParseListener {
        long events;
        long rejected;
        long wrong;

        @Override
        public void onEvent(NormalizedEvent event) {
            if (!event.eventId().startsWith(GeneratedEventHubsStream.correlationId(events) + "|")
                    || !"Standard_NC24ads_A100_v4"
                            .equals(event.attribute("request.properties.hardwareProfile.vmSize"))) {
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
