package io.hijackwatch.collector.gcp.pull;

import java.io.StringWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes whole numbers the way Cloud Logging's own JSON does. The {@code request} and {@code response} of an audit log
 * are protobuf {@code Struct}s, whose numbers are doubles; Cloud Logging's exports and REST API write {@code 2} where
 * the Java printer writes {@code 2.0}, and the parser keeps the two apart (a count of 2 and a ratio of 2.0), so the
 * printed entry is brought back to the exported form.
 */
final class IntegralNumbers {

    private static final JsonFactory JSON = new JsonFactory();

    /** Whole doubles within this bound convert exactly; larger ones are left as they are. */
    private static final double EXACT_LIMIT = 9_007_199_254_740_992d;

    private IntegralNumbers() {}

    static String rewrite(String json) {
        StringWriter out = new StringWriter(json.length());
        try (JsonParser parser = JSON.createParser(json);
                JsonGenerator generator = JSON.createGenerator(out)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_NUMBER_FLOAT && isWhole(parser.getDoubleValue())) {
                    generator.writeNumber((long) parser.getDoubleValue());
                } else {
                    generator.copyCurrentEvent(parser);
                }
            }
        }
        return out.toString();
    }

    private static boolean isWhole(double value) {
        return Math.abs(value) < EXACT_LIMIT && value == Math.rint(value);
    }
}
