package io.hijackwatch.collector.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CloudTrail's LookupEvents in the AWS JSON 1.1 protocol: events whose time lies in the request's range, newest
 * first, a page of {@code MaxResults} at a time with an opaque {@code NextToken}. Times travel as epoch seconds.
 */
public final class FakeCloudTrail {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Stored> events = new ArrayList<>();

    /** One event as LookupEvents knows it, with the raw record it returns in {@code CloudTrailEvent}. */
    public record Stored(String eventId, Instant time, String cloudTrailEvent) {}

    public record Answer(int status, String body) {}

    /** The time range of one LookupEvents request, as the fake read it. */
    public record Range(Instant start, Instant end) {}

    public synchronized void add(String eventId, Instant time, String cloudTrailEvent) {
        events.add(new Stored(eventId, time, cloudTrailEvent));
    }

    public static Range range(String requestBody) {
        JsonNode request = JSON.readTree(requestBody);
        return new Range(instant(request.path("StartTime")), instant(request.path("EndTime")));
    }

    public synchronized Answer answer(String body) {
        JsonNode request = JSON.readTree(body);
        Range range = range(body);
        int pageSize = request.path("MaxResults").asInt(50);
        int offset = request.path("NextToken").isString()
                ? Integer.parseInt(request.path("NextToken").asString())
                : 0;
        List<Stored> matching = events.stream()
                .filter(event ->
                        !event.time().isBefore(range.start()) && !event.time().isAfter(range.end()))
                .sorted(Comparator.comparing(Stored::time).reversed())
                .toList();
        List<Stored> page =
                matching.subList(Math.min(offset, matching.size()), Math.min(offset + pageSize, matching.size()));
        ObjectNode response = JSON.createObjectNode();
        ArrayNode array = response.putArray("Events");
        page.forEach(event -> array.add(json(event)));
        if (offset + pageSize < matching.size()) {
            response.put("NextToken", Integer.toString(offset + pageSize));
        }
        return new Answer(200, response.toString());
    }

    private static ObjectNode json(Stored event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("EventId", event.eventId());
        node.put("EventName", "RunInstances");
        node.put("ReadOnly", "false");
        node.put("EventTime", event.time().getEpochSecond());
        node.put("EventSource", "ec2.amazonaws.com");
        node.put("CloudTrailEvent", event.cloudTrailEvent());
        return node;
    }

    private static Instant instant(JsonNode epochSeconds) {
        double seconds = epochSeconds.asDouble();
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }
}
