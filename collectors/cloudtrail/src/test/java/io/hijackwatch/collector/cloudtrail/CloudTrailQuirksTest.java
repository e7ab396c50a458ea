package io.hijackwatch.collector.cloudtrail;

import static io.hijackwatch.collector.cloudtrail.Fixtures.bytes;
import static io.hijackwatch.collector.cloudtrail.Fixtures.parse;
import static io.hijackwatch.collector.cloudtrail.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Records as they really turn up: fields null or missing, shapes that vary, fields added after this was written. */
class CloudTrailQuirksTest {

    private static final String QUIRKS = "quirks.json";

    @Test
    void readsEveryQuirkyRecordWithoutRejectingAny() throws IOException {
        CollectingListener result = parse(bytes(QUIRKS));

        assertThat(result.events).hasSize(9);
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void collectsNoRequestOrResponseWhenTheyAreNull() throws IOException {
        NormalizedEvent event = parse(bytes(QUIRKS)).event(0);

        assertThat(event.action()).isEqualTo("GetCallerIdentity");
        assertThat(event.attributes())
                .containsOnlyKeys("identity.type", "identity.accessKeyId", "eventType", "eventCategory", "readOnly");
    }

    @Test
    void collectsNoRequestOrResponseWhenTheyAreAbsent() throws IOException {
        NormalizedEvent event = parse(bytes(QUIRKS)).event(1);

        assertThat(event.action()).isEqualTo("GetSendQuota");
        assertThat(event.principal()).isEqualTo("arn:aws:iam::111122223333:user/mailer");
        assertThat(event.attributes()).containsOnlyKeys("identity.type", "identity.userName", "eventType", "readOnly");
    }

    @Test
    void readsInstanceTypeWrappedInValueObjectUnderTheSamePathAsPlainString() throws IOException {
        NormalizedEvent wrapped = parse(bytes(QUIRKS)).event(2);
        NormalizedEvent plain = parse(bytes("s3-delivery-file.json")).event(0);

        assertThat(wrapped.attribute("request.instanceType")).isEqualTo("p5.48xlarge");
        assertThat(plain.attribute("request.instanceType")).isEqualTo("p4d.24xlarge");
        assertThat(wrapped.attributes()).doesNotContainKey("request.instanceType.value");
        assertThat(wrapped.attribute("response._return")).isEqualTo(true);
    }

    @Test
    void readsServiceEventWithNoCallerIdentityAtAll() throws IOException {
        NormalizedEvent event = parse(bytes(QUIRKS)).event(3);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "a1b2c3d4-0004-4000-8000-000000000004",
                        "111122223333",
                        "us-east-1",
                        Instant.parse("2024-12-16T18:41:12Z"),
                        "kms.amazonaws.com",
                        "RotateKey",
                        null,
                        "kms.amazonaws.com",
                        "kms.amazonaws.com",
                        Outcome.SUCCESS,
                        null,
                        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                        null));
        assertThat(event.attributes())
                .containsOnly(
                        entry("serviceEvent.keyId", "1234abcd-12ab-34cd-56ef-1234567890ab"),
                        entry("eventType", "AwsServiceEvent"),
                        entry("eventCategory", "Management"),
                        entry("readOnly", false));
    }

    @Test
    void fallsBackToCallerAccountAndPrincipalIdWhenRecordNamesNeither() throws IOException {
        NormalizedEvent event = parse(bytes(QUIRKS)).event(4);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "a1b2c3d4-0005-4000-8000-000000000005",
                        "444455556666",
                        "us-east-1",
                        Instant.parse("2024-12-16T18:41:13Z"),
                        "s3.amazonaws.com",
                        "GetBucketAcl",
                        "AIDAEXAMPLEPARTNER01",
                        "198.51.100.30",
                        "[S3Console/0.4]",
                        Outcome.SUCCESS,
                        null,
                        null,
                        null));
        assertThat(event.attributes())
                .containsOnly(
                        entry("request.bucketName", "example-shared-bucket"),
                        entry("request.acl", ""),
                        entry("identity.type", "AWSAccount"),
                        entry("eventType", "AwsApiCall"));
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() throws IOException {
        NormalizedEvent event = parse(bytes(QUIRKS)).event(5);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "a1b2c3d4-0006-4000-8000-000000000006",
                        "111122223333",
                        "ap-southeast-3",
                        Instant.parse("2024-12-16T18:41:14Z"),
                        "ec2.amazonaws.com",
                        "RunInstances",
                        "arn:aws:sts::111122223333:assumed-role/DeployRole/ci-deploy",
                        "203.0.113.24",
                        "aws-cli/2.22.4",
                        Outcome.SUCCESS,
                        null,
                        "arn:aws:ec2:ap-southeast-3:111122223333:instance/i-0a1b2c3d4e5f60004",
                        null));
        assertThat(event.attributes())
                .containsOnly(
                        entry("request.instanceType", "p4d.24xlarge"),
                        entry("request.futureRequestField", "wrapped"),
                        entry("identity.type", "AssumedRole"),
                        entry("identity.accessKeyId", "ASIAEXAMPLEDEPLOY001"),
                        entry("identity.sessionIssuer", "arn:aws:iam::111122223333:role/DeployRole"),
                        entry("identity.mfaAuthenticated", true),
                        entry("eventType", "AwsApiCall"),
                        entry("eventCategory", "Management"),
                        entry("readOnly", false));
    }

    @Test
    void readsTimestampWrittenByExportToolsWithSpaceAndNanoseconds() throws IOException {
        NormalizedEvent event = parse(bytes(QUIRKS)).event(6);

        assertThat(event.time()).isEqualTo(Instant.parse("2024-12-16T18:41:07Z"));
        assertThat(event.eventId()).isEqualTo("a1b2c3d4-0007-4000-8000-000000000007");
        assertThat(event.principal()).isEqualTo("arn:aws:iam::111122223333:user/chat-backend");
    }

    @Test
    void derivesIdForRecordWithoutEventId() throws IOException {
        NormalizedEvent event = parse(bytes(QUIRKS)).event(7);

        assertThat(event.eventId()).matches("derived:[0-9a-f]{32}");
        assertThat(event.action()).isEqualTo("GetServiceQuota");
    }

    @Test
    void derivesSameIdWhenSameRecordIsDeliveredTwice() throws IOException {
        String record = "{\"eventTime\":\"2024-12-16T18:41:15Z\",\"eventSource\":\"servicequotas.amazonaws.com\","
                + "\"eventName\":\"GetServiceQuota\",\"awsRegion\":\"af-south-1\",\"requestID\":\"66666666-7777\","
                + "\"userIdentity\":{\"arn\":\"arn:aws:iam::111122223333:user/build-bot\"},"
                + "\"recipientAccountId\":\"111122223333\",\"sourceIPAddress\":\"198.51.100.77\"}";

        CollectingListener twice = parse(utf8(record + "\n" + record + "\n"));
        CollectingListener again = parse(utf8("{\"Records\":[" + record + "]}"));

        String id = twice.event(0).eventId();
        assertThat(id).startsWith("derived:");
        assertThat(twice.event(1).eventId()).isEqualTo(id);
        assertThat(again.event(0).eventId()).isEqualTo(id);
    }

    @Test
    void derivesDifferentIdsForRecordsThatDiffer() throws IOException {
        String first = "{\"eventTime\":\"2024-12-16T18:41:15Z\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"DescribeRegions\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"198.51.100.77\"}";
        String laterSecond = first.replace("18:41:15Z", "18:41:16Z");
        String otherRegion = first.replace("us-east-1", "us-east-2");
        String otherAddress = first.replace("198.51.100.77", "198.51.100.78");

        CollectingListener result = parse(utf8(String.join("\n", first, laterSecond, otherRegion, otherAddress)));

        assertThat(result.events)
                .extracting(NormalizedEvent::eventId)
                .doesNotHaveDuplicates()
                .hasSize(4);
    }

    @Test
    void marksFailedConsoleSignInWithoutErrorCodeAsFailure() throws IOException {
        NormalizedEvent event = parse(bytes(QUIRKS)).event(8);

        assertThat(event.action()).isEqualTo("ConsoleLogin");
        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.errorCode()).isNull();
        assertThat(event.principal()).isEqualTo("build-bot");
        assertThat(event.attributes())
                .contains(entry("errorMessage", "Failed authentication"), entry("response.ConsoleLogin", "Failure"));
    }

    @Test
    void readsFlagsWrittenAsStrings() throws IOException {
        String record = "{\"eventTime\":\"2024-12-16T18:41:15Z\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"DescribeInstances\",\"readOnly\":\"TRUE\",\"userIdentity\":{\"sessionContext\":"
                + "{\"attributes\":{\"mfaAuthenticated\":\"\"}}}}";

        NormalizedEvent event = parse(utf8(record)).event(0);

        assertThat(event.attribute("readOnly")).isEqualTo(true);
        assertThat(event.attributes()).doesNotContainKey("identity.mfaAuthenticated");
    }

    @Test
    void readsRecordWhoseFieldsAreNullOrEmptyStrings() throws IOException {
        String record = "{\"eventTime\":\"2024-12-16T18:41:15Z\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"DescribeInstances\",\"userIdentity\":null,\"awsRegion\":null,"
                + "\"recipientAccountId\":\"\",\"errorCode\":null,\"resources\":null,\"serviceEventDetails\":null,"
                + "\"readOnly\":null,\"eventID\":\"a1b2c3d4-0010-4000-8000-000000000010\"}";

        NormalizedEvent event = parse(utf8(record)).event(0);

        assertThat(event.account()).isNull();
        assertThat(event.region()).isNull();
        assertThat(event.resource()).isNull();
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.attributes()).isEmpty();
    }
}
