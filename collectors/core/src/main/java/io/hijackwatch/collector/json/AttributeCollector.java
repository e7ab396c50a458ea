package io.hijackwatch.collector.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Flattens the request and response values of a record into the small attribute map that rules match on.
 *
 * <p>Paths join field names with dots and drop array positions, so that a value inside an array is matched whichever
 * element holds it: the images of an ECS task definition are all under {@code request.containerDefinitions.image}.
 * A path seen more than once holds a list. An object whose only field is {@code value} stands for that value, as in
 * the EC2 shape {@code "instanceType": {"value": "p4d.24xlarge"}}.
 *
 * <p>The map is bounded whatever the record holds: at most {@value #MAX_ENTRIES} paths, {@value
 * #MAX_VALUES_PER_PATH} values per path, strings cut at {@value #MAX_STRING_CHARS} characters and objects followed to
 * a depth of {@value #MAX_DEPTH}. What is left out is counted, not kept.
 */
public final class AttributeCollector {

    public static final int MAX_ENTRIES = 128;
    public static final int MAX_VALUES_PER_PATH = 32;
    public static final int MAX_STRING_CHARS = 512;
    public static final int MAX_DEPTH = 12;

    private static final String VALUE_WRAPPER = "value";

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final int maxEntries;
    private int leftOut;

    public AttributeCollector() {
        this(MAX_ENTRIES);
    }

    /**
     * A collector that keeps fewer paths, leaving room in an event's map for values added apart from it (a parser's
     * caller and context fields), which must never be pushed out by a large request.
     */
    public AttributeCollector(int maxEntries) {
        this.maxEntries = Math.min(maxEntries, MAX_ENTRIES);
    }

    /** Adds one value under a path; {@code null} is ignored. */
    public void put(String path, Object value) {
        if (value == null) {
            return;
        }
        Object current = values.get(path);
        if (current == null) {
            if (values.size() >= maxEntries) {
                leftOut++;
                return;
            }
            values.put(path, value);
        } else if (current instanceof MultipleValues list) {
            addTo(list, value);
        } else {
            MultipleValues list = new MultipleValues();
            list.add(current);
            addTo(list, value);
            values.put(path, list);
        }
    }

    private void addTo(MultipleValues list, Object value) {
        if (list.size() < MAX_VALUES_PER_PATH) {
            list.add(value);
        } else {
            leftOut++;
        }
    }

    /**
     * Reads the value that starts at the parser's current token, and everything inside it, under the path. Leaves the
     * parser on the value's last token.
     */
    public void collect(String path, JsonParser parser) {
        collectValue(path, parser, 0);
    }

    private void collectValue(String path, JsonParser parser, int depth) {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> collectObject(path, parser, depth);
            case START_ARRAY -> collectArray(path, parser, depth);
            case VALUE_STRING -> put(path, truncate(parser.getString()));
            case VALUE_NUMBER_INT -> put(path, integerValue(parser));
            case VALUE_NUMBER_FLOAT -> put(path, floatValue(parser));
            case VALUE_TRUE -> put(path, Boolean.TRUE);
            case VALUE_FALSE -> put(path, Boolean.FALSE);
            default -> {}
        }
    }

    private void collectObject(String path, JsonParser parser, int depth) {
        if (depth >= MAX_DEPTH) {
            parser.skipChildren();
            leftOut++;
            return;
        }
        int fields = 0;
        String lastName = null;
        int wrappedBefore = 0;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            lastName = parser.currentName();
            parser.nextToken();
            fields++;
            String fieldPath = path + '.' + lastName;
            if (fields == 1 && VALUE_WRAPPER.equals(lastName)) {
                wrappedBefore = count(fieldPath);
            }
            collectValue(fieldPath, parser, depth + 1);
        }
        if (fields == 1 && VALUE_WRAPPER.equals(lastName)) {
            unwrapValue(path, wrappedBefore);
        }
    }

    /** Moves the values this object added under {@code path.value} to {@code path}, leaving its siblings' alone. */
    private void unwrapValue(String path, int wrappedBefore) {
        String wrappedPath = path + '.' + VALUE_WRAPPER;
        Object wrapped = values.get(wrappedPath);
        if (wrapped instanceof MultipleValues list) {
            List<Object> added = new ArrayList<>(list.subList(wrappedBefore, list.size()));
            list.subList(wrappedBefore, list.size()).clear();
            if (list.isEmpty()) {
                values.remove(wrappedPath);
            }
            added.forEach(value -> put(path, value));
        } else if (wrapped != null && wrappedBefore == 0) {
            values.remove(wrappedPath);
            put(path, wrapped);
        }
    }

    private int count(String path) {
        Object current = values.get(path);
        return current == null ? 0 : current instanceof MultipleValues list ? list.size() : 1;
    }

    private void collectArray(String path, JsonParser parser, int depth) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            collectValue(path, parser, depth + 1);
        }
    }

    private static Object integerValue(JsonParser parser) {
        return switch (parser.getNumberType()) {
            case INT, LONG -> parser.getLongValue();
            default -> truncate(parser.getText());
        };
    }

    private static Object floatValue(JsonParser parser) {
        double value = parser.getDoubleValue();
        return Double.isFinite(value) ? value : truncate(parser.getText());
    }

    private static String truncate(String text) {
        return text.length() <= MAX_STRING_CHARS ? text : text.substring(0, MAX_STRING_CHARS);
    }

    /** How many values were left out to keep the map bounded. */
    public int leftOut() {
        return leftOut;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The collected attributes, unmodifiable; lists for paths seen more than once. */
    public Map<String, Object> toMap() {
        if (values.isEmpty()) {
            return Map.of();
        }
        values.replaceAll((path, value) -> value instanceof MultipleValues list ? List.copyOf(list) : value);
        return Collections.unmodifiableMap(values);
    }

    /**
     * The attributes of the first collector in front of those of the second, as one unmodifiable map; a path in both
     * keeps its place in front and takes the second's value.
     */
    public static Map<String, Object> joined(AttributeCollector front, AttributeCollector rest) {
        Map<String, Object> collected = rest.toMap();
        if (front.isEmpty()) {
            return collected;
        }
        Map<String, Object> all = new LinkedHashMap<>(front.toMap());
        all.putAll(collected);
        return Collections.unmodifiableMap(all);
    }

    /** Marks a list made here, as opposed to a value that happens to be a list. */
    private static final class MultipleValues extends ArrayList<Object> {}
}
