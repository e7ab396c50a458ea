package io.hijackwatch.detect;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a YAML document into a tree with the streaming parser alone, as a mapper's {@code readTree} would (later
 * duplicate keys win, numbers keep the type the parser reports). A mapper costs a large share of a cold start for
 * the command line, which loads every rule before it can report anything.
 */
final class YamlTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLFactory yaml = YAMLFactory.builder().build();

    /** The document's first value, or {@code null} when it holds none. */
    JsonNode read(String text) {
        try (JsonParser parser = yaml.createParser(ObjectReadContext.empty(), text)) {
            JsonToken token = parser.nextToken();
            return token == null ? null : value(parser, token);
        }
    }

    private static JsonNode value(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.stringNode(parser.getString());
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> decimal(parser);
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.stringNode(parser.getText());
        };
    }

    private static ObjectNode object(JsonParser parser) {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            object.set(name, value(parser, parser.nextToken()));
        }
        return object;
    }

    private static ArrayNode array(JsonParser parser) {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token));
        }
        return array;
    }

    private static JsonNode integer(JsonParser parser) {
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
        };
    }

    private static JsonNode decimal(JsonParser parser) {
        return switch (parser.getNumberType()) {
            case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
            case FLOAT -> NODES.numberNode(parser.getFloatValue());
            default -> NODES.numberNode(parser.getDoubleValue());
        };
    }
}
