package io.hijackwatch.collector.pull;

import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * Where a source's collector left off: a version and a few named values, stored as a small JSON object
 * ({@code {"v":2,"after":"2026-12-01T10:00:00Z"}}). A collector writes the version it understands and, when it reads
 * an older one, fills in what that version lacked; a newer version it does not know is read for the values it does.
 */
public final class Cursor {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String VERSION = "v";

    private final int version;
    private final Map<String, String> values;

    private Cursor(int version, Map<String, String> values) {
        this.version = version;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The cursor of a source that has never been read: version 0, no values. */
    public static Cursor initial() {
        return new Cursor(0, Map.of());
    }

    public static Cursor of(int version, Map<String, String> values) {
        if (version < 1) {
            throw new IllegalArgumentException("A written cursor has a version of 1 or more");
        }
        values.forEach((key, value) -> {
            Objects.requireNonNull(value, key);
            if (VERSION.equals(key)) {
                throw new IllegalArgumentException("\"v\" is the version, not a value");
            }
        });
        return new Cursor(version, values);
    }

    public int version() {
        return version;
    }

    public boolean isInitial() {
        return version == 0;
    }

    public Map<String, String> values() {
        return values;
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A value written as an ISO-8601 instant; empty when missing or not an instant. */
    public Optional<Instant> instant(String name) {
        try {
            return value(name).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeNumberProperty(VERSION, version);
            for (Map.Entry<String, String> entry : values.entrySet()) {
                generator.writeStringProperty(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
        }
        return out.toString();
    }

    /**
     * Reads a stored cursor. Scalar values of any JSON type are kept as their text; nested values, which no version
     * writes, are ignored.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static Cursor fromJson(String json) {
        if (json == null || json.isBlank()) {
            return initial();
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("A cursor is a JSON object");
            }
            int version = 0;
            Map<String, String> values = new TreeMap<>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (token.isStructStart()) {
                    parser.skipChildren();
                } else if (VERSION.equals(name)) {
                    version = token.isNumeric() ? parser.getIntValue() : 0;
                } else if (token != JsonToken.VALUE_NULL) {
                    values.put(name, parser.getText());
                }
            }
            return new Cursor(Math.max(version, values.isEmpty() ? 0 : 1), values);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("A cursor is a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cursor that && version == that.version && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, values);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
