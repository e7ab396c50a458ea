package io.hijackwatch.collector.azure.pull;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The code and message of an Azure Resource Manager error body ({@code {"error":{"code":...,"message":...}}}). A body
 * in another shape gives neither.
 *
 * @param code the error code, such as {@code AuthorizationFailed}; {@code null} when the body named none
 * @param message Azure's explanation, shortened; {@code null} when the body had none
 */
record ArmError(String code, String message) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_MESSAGE_CHARS = 400;

    static ArmError of(byte[] body) {
        if (body == null || body.length == 0) {
            return new ArmError(null, null);
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new ArmError(null, null);
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.START_OBJECT && "error".equals(name)) {
                    return readError(parser);
                }
                parser.skipChildren();
            }
        } catch (JacksonException e) {
            // Not JSON: a gateway's HTML page, say. The status alone has to do.
        }
        return new ArmError(null, null);
    }

    private static ArmError readError(JsonParser parser) {
        String code = null;
        String message = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING && "code".equals(name)) {
                code = parser.getString();
            } else if (value == JsonToken.VALUE_STRING && "message".equals(name)) {
                message = shorten(parser.getString());
            } else {
                parser.skipChildren();
            }
        }
        return new ArmError(code, message);
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_MESSAGE_CHARS ? oneLine : oneLine.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
