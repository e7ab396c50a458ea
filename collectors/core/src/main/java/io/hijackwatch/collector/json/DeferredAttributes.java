package io.hijackwatch.collector.json;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Request and response objects of a record kept as their raw JSON bytes, flattened into attributes by an {@link
 * AttributeCollector} only when someone reads the event's attributes. Most events are looked at only by their
 * service and action, so most are never flattened; the map an event shows is the same either way.
 *
 * <p>An object is kept raw only when the parser reads it from the record's own bytes; anything else (a value that is
 * not an object, a record embedded in a string) is collected at once, after the objects kept before it, so the order
 * of the paths does not change.
 */
public final class DeferredAttributes {

    private static final String[] NO_PATHS = {};
    private static final byte[][] NO_VALUES = {};

    private final JsonFactory json;
    private final int maxEntries;
    private AttributeCollector collector;
    private String[] paths = NO_PATHS;
    private byte[][] values = NO_VALUES;
    private int deferred;

    private RecordBytes source;

    /** @param maxEntries how many paths the values may fill (see {@link AttributeCollector#AttributeCollector(int)}) */
    public DeferredAttributes(JsonFactory json, int maxEntries) {
        this.json = json;
        this.maxEntries = maxEntries;
    }

    /** Where the values go, made when the first value is collected: most events never need one. */
    private AttributeCollector collector() {
        if (collector == null) {
            collector = new AttributeCollector(maxEntries);
        }
        return collector;
    }

    /** The bytes the record's parser reads from; without them ({@code null}) every value is collected at once. */
    public void readingFrom(RecordBytes bytes) {
        this.source = bytes;
    }

    /**
     * Takes the value at the parser's current token under the path: an object is skipped and kept as bytes, anything
     * else is collected now. Leaves the parser on the value's last token.
     */
    public void take(String path, JsonParser parser) {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (source != null && parser.currentToken() == JsonToken.START_OBJECT) {
            long start = parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            long end = parser.currentTokenLocation().getByteOffset() + 1;
            if (keep(path, start, end)) {
                return;
            }
            throw new IllegalStateException("the parser's offsets do not point into the record's bytes");
        }
        flattenDeferred();
        collector().collect(path, parser);
    }

    private boolean keep(String path, long start, long end) {
        byte[] value = source.copy(start, end);
        if (value == null || value.length < 2 || value[0] != '{' || value[value.length - 1] != '}') {
            return false;
        }
        if (deferred == paths.length) {
            paths = Arrays.copyOf(paths, deferred + 2);
            values = Arrays.copyOf(values, deferred + 2);
        }
        paths[deferred] = path;
        values[deferred] = value;
        deferred++;
        return true;
    }

    /**
     * The attributes as a map that fills itself on first use.
     *
     * @param front values that go in front of the collected ones (a parser's caller and context fields), added when
     *     the map is filled
     */
    public Map<String, Object> toMap(Consumer<AttributeCollector> front, int frontEntries) {
        source = null;
        return new LazyMap(this, front, frontEntries);
    }

    private Map<String, Object> fill(Consumer<AttributeCollector> front, int frontEntries) {
        flattenDeferred();
        AttributeCollector context = new AttributeCollector(frontEntries);
        front.accept(context);
        return AttributeCollector.joined(context, collector());
    }

    private void flattenDeferred() {
        for (int i = 0; i < deferred; i++) {
            try (JsonParser parser = json.createParser(ObjectReadContext.empty(), values[i])) {
                parser.nextToken();
                collector().collect(paths[i], parser);
            } catch (JacksonException e) {
                // The bytes were read once already as part of a valid record; what they gave before failing stays.
            }
            values[i] = null;
        }
        deferred = 0;
    }

    /** An unmodifiable map that flattens the deferred values the first time it is read. */
    private static final class LazyMap extends AbstractMap<String, Object> {
        private DeferredAttributes attributes;
        private Consumer<AttributeCollector> front;
        private final int frontEntries;
        private volatile Map<String, Object> filled;

        LazyMap(DeferredAttributes attributes, Consumer<AttributeCollector> front, int frontEntries) {
            this.attributes = attributes;
            this.front = front;
            this.frontEntries = frontEntries;
        }

        private Map<String, Object> filled() {
            Map<String, Object> map = filled;
            if (map == null) {
                synchronized (this) {
                    map = filled;
                    if (map == null) {
                        map = attributes.fill(front, frontEntries);
                        filled = map;
                        attributes = null;
                        front = null;
                    }
                }
            }
            return map;
        }

        @Override
        public Object get(Object key) {
            return filled().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return filled().containsKey(key);
        }

        @Override
        public int size() {
            return filled().size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return filled().entrySet();
        }
    }
}
