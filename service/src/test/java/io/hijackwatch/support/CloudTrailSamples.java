package io.hijackwatch.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** CloudTrail records in the shape AWS writes them, made to order for tests. */
public final class CloudTrailSamples {

    private CloudTrailSamples() {}

    /** A RunInstances call by an IAM user, with the given event id. */
    public static String runInstances(String eventId) {
        return """
                {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEUSER1",\
                "arn":"arn:aws:iam::111122223333:user/build-bot","accountId":"111122223333",\
                "accessKeyId":"AKIAEXAMPLEKEY00001","userName":"build-bot"},"eventTime":"2024-12-16T18:41:07Z",\
                "eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1",\
                "sourceIPAddress":"198.51.100.23","userAgent":"aws-cli/2.15.30 Python/3.11.8",\
                "requestParameters":{"instancesSet":{"items":[{"imageId":"ami-0abcdef1234567890","minCount":1,\
                "maxCount":1}]},"instanceType":"g5.12xlarge","monitoring":{"enabled":false}},\
                "responseElements":null,"requestID":"%s-req","eventID":"%s","readOnly":false,\
                "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333",\
                "eventCategory":"Management"}""".formatted(eventId, eventId);
    }

    /** A denied DescribeRegions call, with the given event id. */
    public static String deniedDescribeRegions(String eventId) {
        return """
                {"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:probe",\
                "arn":"arn:aws:sts::111122223333:assumed-role/ci/probe","accountId":"111122223333",\
                "sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/ci"},\
                "attributes":{"creationDate":"2024-12-16T18:00:00Z","mfaAuthenticated":"false"}}},\
                "eventTime":"2024-12-16T18:42:00Z","eventSource":"ec2.amazonaws.com",\
                "eventName":"DescribeRegions","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.9",\
                "userAgent":"Boto3/1.34.0","errorCode":"Client.UnauthorizedOperation",\
                "errorMessage":"You are not authorized to perform this operation.","requestParameters":null,\
                "responseElements":null,"requestID":"%s-req","eventID":"%s","readOnly":true,\
                "eventType":"AwsApiCall","recipientAccountId":"111122223333"}""".formatted(eventId, eventId);
    }

    /** A request to raise the EC2 on-demand vCPU quota, by the given user at the given time. */
    public static String quotaIncrease(String eventId, String time, String userName, int desiredValue) {
        String template = """
                {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE%s",\
                "arn":"arn:aws:iam::111122223333:user/%s","accountId":"111122223333",\
                "accessKeyId":"AKIAEXAMPLEQUOTA001","userName":"%s"},"eventTime":"%s",\
                "eventSource":"servicequotas.amazonaws.com","eventName":"RequestServiceQuotaIncrease",\
                "awsRegion":"us-west-2","sourceIPAddress":"203.0.113.77","userAgent":"aws-cli/2.15.30",\
                "requestParameters":{"serviceCode":"ec2","quotaCode":"L-1216C47A","desiredValue":%d.0},\
                "responseElements":{"requestedQuota":{"id":"q-%s","status":"PENDING"}},\
                "requestID":"%s-req","eventID":"%s","readOnly":false,"eventType":"AwsApiCall",\
                "managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}""";
        return template.formatted(userName, userName, userName, time, desiredValue, eventId, eventId, eventId);
    }

    /**
     * A call by an IAM user of account 111122223333.
     *
     * @param errorCode the error, or {@code null} for a call that succeeded
     * @param requestParameters the request as JSON, or {@code null}
     */
    public static String call(
            String eventId,
            String time,
            String userName,
            String eventSource,
            String eventName,
            String errorCode,
            String requestParameters) {
        return """
                {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE%s",\
                "arn":"arn:aws:iam::111122223333:user/%s","accountId":"111122223333",\
                "accessKeyId":"AKIAEXAMPLE%s","userName":"%s"},"eventTime":"%s","eventSource":"%s",\
                "eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.23",\
                "userAgent":"aws-cli/2.15.30",%s"requestParameters":%s,"responseElements":null,\
                "requestID":"%s-req","eventID":"%s","readOnly":false,"eventType":"AwsApiCall",\
                "recipientAccountId":"111122223333"}""".formatted(
                        userName,
                        userName,
                        userName.toUpperCase(java.util.Locale.ROOT),
                        userName,
                        time,
                        eventSource,
                        eventName,
                        errorCode == null ? "" : "\"errorCode\":\"" + errorCode + "\",",
                        requestParameters == null ? "null" : requestParameters,
                        eventId,
                        eventId);
    }

    /** An S3 delivery file, {@code {"Records":[...]}}, holding the records. */
    public static String deliveryFile(List<String> records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    /** A delivery file with {@code count} RunInstances records whose ids start with the prefix. */
    public static String deliveryFile(String idPrefix, int count) {
        List<String> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(runInstances(idPrefix + "-" + i));
        }
        return deliveryFile(records);
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
}
