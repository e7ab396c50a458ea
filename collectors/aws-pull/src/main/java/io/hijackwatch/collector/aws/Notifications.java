package io.hijackwatch.collector.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the bodies of SQS messages that announce CloudTrail files: S3 event notifications ({@code Records[].s3},
 * keys URL-encoded with {@code +} for a space), CloudTrail's own notification ({@code s3Bucket} and the list
 * {@code s3ObjectKey}, keys as they are), either of them raw or inside an SNS envelope whose {@code Message} holds
 * them as a string, and the test event S3 sends when notifications are set up.
 */
final class Notifications {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OBJECT_CREATED = "ObjectCreated:";

    private Notifications() {}

    static Notification read(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return Notification.unknown("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            return Notification.unknown("the body is not a JSON object");
        }
        return readUnwrapped(unwrapSns(root));
    }

    private static JsonNode unwrapSns(JsonNode root) {
        if (!"Notification".equals(root.path("Type").asString(null))
                || !root.path("Message").isString()) {
            return root;
        }
        try {
            return JSON.readTree(root.path("Message").stringValue());
        } catch (JacksonException e) {
            return root;
        }
    }

    private static Notification readUnwrapped(JsonNode root) {
        if (root.path("Records").isArray()) {
            return fromS3Event(root.path("Records"));
        }
        if (root.path("s3Bucket").isString() && root.path("s3ObjectKey").isArray()) {
            return fromCloudTrail(root);
        }
        if ("s3:TestEvent".equals(root.path("Event").asString(null))
                || "SubscriptionConfirmation".equals(root.path("Type").asString(null))) {
            return Notification.setup();
        }
        return Notification.unknown("it is neither an S3 event notification nor a CloudTrail notification");
    }

    private static Notification fromS3Event(JsonNode records) {
        List<S3Location> objects = new ArrayList<>();
        for (JsonNode record : records) {
            String event = record.path("eventName").asString("");
            String bucket = record.path("s3").path("bucket").path("name").asString(null);
            String key = record.path("s3").path("object").path("key").asString(null);
            if (event.startsWith(OBJECT_CREATED) && bucket != null && key != null) {
                objects.add(new S3Location(bucket, decodeKey(key)));
            }
        }
        return Notification.objects(objects);
    }

    /** S3 event notifications encode keys as HTML forms do; a key that does not decode is kept as it came. */
    private static String decodeKey(String key) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return key;
        }
    }

    private static Notification fromCloudTrail(JsonNode root) {
        String bucket = root.path("s3Bucket").stringValue();
        List<S3Location> objects = new ArrayList<>();
        for (JsonNode key : root.path("s3ObjectKey")) {
            if (key.isString()) {
                objects.add(new S3Location(bucket, key.stringValue()));
            }
        }
        return Notification.objects(objects);
    }
}
