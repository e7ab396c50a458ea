package io.hijackwatch.collector.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.json.AttributeCollector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CloudTrailAttributeBudgetTest {

    @Test
    void keepsTheCallerAndContextWhenTheRequestAloneFillsTheAttributeMap() throws IOException {
        String parameters = IntStream.range(0, 300)
                .mapToObj(i -> "\"tag" + i + "\":\"v" + i + "\"")
                .collect(Collectors.joining(","));
        String record = """
                {"eventTime":"2024-12-16T18:41:07Z","eventSource":"ec2.amazonaws.com","eventName":"CreateTags",\
                "eventID":"budget-1","eventType":"AwsApiCall","readOnly":false,\
                "userIdentity":{"type":"AssumedRole","accessKeyId":"ASIAEXAMPLE",\
                "arn":"arn:aws:sts::1:assumed-role/r/s",\
                "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::1:role/r"}}},\
                "requestParameters":{%s}}""".formatted(parameters);

        NormalizedEvent event =
                Fixtures.parse(record.getBytes(StandardCharsets.UTF_8)).events.get(0);

        assertThat(event.attributes()).hasSizeLessThanOrEqualTo(AttributeCollector.MAX_ENTRIES);
        assertThat(event.attributes())
                .containsEntry("identity.type", "AssumedRole")
                .containsEntry("identity.accessKeyId", "ASIAEXAMPLE")
                .containsEntry("identity.sessionIssuer", "arn:aws:iam::1:role/r")
                .containsEntry("eventType", "AwsApiCall")
                .containsEntry("readOnly", false)
                .containsEntry("request.tag0", "v0");
    }
}
