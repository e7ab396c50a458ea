package io.hijackwatch.collector.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/** CloudTrail records and delivery files as tests need them. */
public final class TrailRecords {

    private TrailRecords() {}

    public static String record(String eventId, Instant time) {
        String record = """
                {"eventVersion":"1.10","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/ci",\
                "accountId":"111122223333","accessKeyId":"AKIAEXAMPLECI0000001"},"eventTime":"%s",\
                "eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"eu-west-1",\
                "sourceIPAddress":"203.0.113.24","userAgent":"aws-cli/2.22.4",\
                "requestParameters":{"instanceType":"p4d.24xlarge"},"responseElements":null,\
                "eventID":"%s","eventType":"AwsApiCall","recipientAccountId":"111122223333"}""";
        return record.formatted(time, eventId);
    }

    /** A delivery file {@code {"Records":[...]}} holding the given records. */
    public static String deliveryFile(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    /** A delivery file with one record for each id, all at the same time. */
    public static String deliveryFileWithIds(Instant time, String... eventIds) {
        return deliveryFile(Arrays.stream(eventIds).map(id -> record(id, time)).toArray(String[]::new));
    }

    public static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).collect(Collectors.toList());
    }

    public static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An S3 event notification for new objects; keys are URL-encoded as S3 encodes them. */
    public static String s3Notification(String bucket, String... encodedKeys) {
        String records = Arrays.stream(encodedKeys)
                .map(key -> """
                        {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",\
                        "eventTime":"2026-12-03T10:00:00.000Z","eventName":"ObjectCreated:Put",\
                        "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},\
                        "object":{"key":"%s","size":1024}}}""".formatted(bucket, bucket, key))
                .collect(Collectors.joining(","));
        return "{\"Records\":[" + records + "]}";
    }

    /** The same notification as SNS delivers it to an SQS subscriber without raw delivery. */
    public static String snsEnvelope(String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        String record = """
                {"Type":"Notification","MessageId":"6f1f0c2e-0d1f-4c57-9f39-2d3c0a1b2c3d",\
                "TopicArn":"arn:aws:sns:eu-west-1:111122223333:cloudtrail-files","Subject":"Amazon S3 Notification",\
                "Message":"%s","Timestamp":"2026-12-03T10:00:01.000Z","SignatureVersion":"1",\
                "Signature":"ZmFrZQ==","SigningCertURL":"https://sns.eu-west-1.amazonaws.com/cert.pem"}""";
        return record.formatted(escaped);
    }

    /** CloudTrail's own notification of delivered files, as it publishes it to SNS. */
    public static String cloudTrailNotification(String bucket, String... keys) {
        String list = Arrays.stream(keys).map(key -> "\"" + key + "\"").collect(Collectors.joining(","));
        return "{\"s3Bucket\":\"" + bucket + "\",\"s3ObjectKey\":[" + list + "]}";
    }

    public static String s3TestEvent(String bucket) {
        return """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-12-03T09:59:00.000Z",\
                "Bucket":"%s","RequestId":"5582815E1AEA5ADF","HostId":"fake"}""".formatted(bucket);
    }
}
