package io.hijackwatch.collector.json;

import java.util.Locale;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reading one field's value from a streaming parser the way every log parser here does: scalars leniently, a wrong
 * kind of value as a rejection of the record that names the field and what it held.
 */
public final class JsonValues {

    private JsonValues() {}

    /** The text of a scalar field; {@code null} for JSON null; objects and arrays reject the record. */
    public static String text(String name, JsonParser parser) {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getText();
            case VALUE_NULL -> null;
            default -> throw new InvalidRecordException(name + " must be a string, not " + describe(token));
        };
    }

    /** The text of a string field, or {@code null} (after skipping it) for anything else. */
    public static String textIfString(JsonParser parser) {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        parser.skipChildren();
        return null;
    }

    /** A boolean, also written as {@code "true"} or {@code "false"}; {@code null} for JSON null or empty text. */
    public static Boolean flag(String name, JsonParser parser) {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_STRING -> parseFlag(name, parser.getString());
            default -> throw new InvalidRecordException(name + " must be true or false, not " + describe(token));
        };
    }

    private static Boolean parseFlag(String name, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "" -> null;
            default -> throw new InvalidRecordException(name + " must be true or false");
        };
    }

    /** Whether an object starts here: false for JSON null; anything else rejects the record. */
    public static boolean startsObject(String name, JsonParser parser) {
        return starts(JsonToken.START_OBJECT, "an object", name, parser);
    }

    /** Whether an array starts here: false for JSON null; anything else rejects the record. */
    public static boolean startsArray(String name, JsonParser parser) {
        return starts(JsonToken.START_ARRAY, "an array", name, parser);
    }

    private static boolean starts(JsonToken wanted, String wantedName, String name, JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == wanted) {
            return true;
        }
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        throw new InvalidRecordException(name + " must be " + wantedName + ", not " + describe(token));
    }

    /** What kind of value a token starts, in words. */
    public static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> String.valueOf(token);
        };
    }
}
