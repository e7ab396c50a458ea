package io.hijackwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The attributes column is written without Jackson for speed; it must say exactly what Jackson would. */
class AttributesJsonTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void writesWhatJacksonWritesForEveryKindOfValue() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("requestParameters.instanceType", "p5.48xlarge");
        attributes.put("quote\"back\\slash", "line\nbreak\rreturn\ttab\u0001bell\u001f");
        attributes.put("unicode", "Zürich 東京 \uD83D\uDE80");
        attributes.put("count", 8);
        attributes.put("big", 12345678901234L);
        attributes.put("huge", new BigInteger("123456789012345678901234567890"));
        attributes.put("decimal", new BigDecimal("2048.50"));
        attributes.put("ratio", 0.25d);
        attributes.put("flag", true);
        attributes.put("nothing", null);
        attributes.put("seen twice", List.of("a", 1, false));
        attributes.put("list with null", Arrays.asList("x", null));

        String written = EventStore.attributesJson(attributes, json);

        assertThat(json.readTree(written)).isEqualTo(json.readTree(json.writeValueAsString(attributes)));
        assertThat(written).startsWith("{\"requestParameters.instanceType\":\"p5.48xlarge\",");
    }

    @Test
    void leavesWhatItDoesNotKnowToJacksonAndWritesNothingForNoAttributes() {
        Map<String, Object> odd = new LinkedHashMap<>();
        odd.put("nested", Map.of("a", 1));
        odd.put("nan", Double.NaN);

        assertThat(EventStore.attributesJson(odd, json)).isEqualTo(json.writeValueAsString(odd));
        assertThat(EventStore.attributesJson(Map.of(), json)).isNull();
    }
}
