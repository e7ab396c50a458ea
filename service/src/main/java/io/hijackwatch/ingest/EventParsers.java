package io.hijackwatch.ingest;

import io.hijackwatch.collector.EventParser;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The parsers that the collector modules on the classpath provide, by format name. */
public final class EventParsers {

    private final Map<String, EventParser> byFormat;

    private EventParsers(Map<String, EventParser> byFormat) {
        this.byFormat = byFormat;
    }

    public static EventParsers discover() {
        Map<String, EventParser> parsers = new TreeMap<>();
        for (EventParser parser : ServiceLoader.load(EventParser.class)) {
            parsers.put(parser.format(), parser);
        }
        return new EventParsers(Map.copyOf(parsers));
    }

    public Optional<EventParser> forFormat(String format) {
        return Optional.ofNullable(byFormat.get(format));
    }

    public Set<String> formats() {
        return new java.util.TreeSet<>(byFormat.keySet());
    }
}
