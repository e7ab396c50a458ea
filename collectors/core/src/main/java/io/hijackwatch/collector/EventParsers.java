package io.hijackwatch.collector;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        return new TreeSet<>(byFormat.keySet());
    }

    /** The parser whose format the beginning of an input looks like, if exactly one does. */
    public Optional<EventParser> recognize(String head) {
        var matching = byFormat.values().stream()
                .filter(parser -> parser.recognizes(head))
                .toList();
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    /** The parser of a provider's audit log, the format its rule samples are written in. */
    public Optional<EventParser> forProvider(Provider provider) {
        return byFormat.values().stream()
                .filter(parser -> parser.provider() == provider)
                .findFirst();
    }
}
