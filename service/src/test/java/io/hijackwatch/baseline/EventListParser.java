package io.hijackwatch.baseline;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import java.io.InputStream;
import java.util.List;

/** Hands ingestion a list of events built in a test, as a parser would after reading them; the body is not read. */
final class EventListParser implements EventParser {

    private final List<NormalizedEvent> events;

    EventListParser(List<NormalizedEvent> events) {
        this.events = List.copyOf(events);
    }

    @Override
    public String format() {
        return "test-events";
    }

    @Override
    public Provider provider() {
        return Provider.TWILIO;
    }

    @Override
    public boolean recognizes(String head) {
        return false;
    }

    @Override
    public void parse(InputStream input, ParseListener listener) {
        events.forEach(listener::onEvent);
    }
}
