package io.hijackwatch.collector.cloudtrail;

import static io.hijackwatch.collector.cloudtrail.Fixtures.bytes;
import static io.hijackwatch.collector.cloudtrail.Fixtures.gzip;
import static io.hijackwatch.collector.cloudtrail.Fixtures.inTinyChunks;
import static io.hijackwatch.collector.cloudtrail.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The shapes CloudTrail is exported in, and the normalized event each kind of record becomes. */
class CloudTrailParserTest {

    private static final String S3_FILE = "s3-delivery-file.json";

    private static final String ACCOUNT = "111122223333";
    private static final String DEPLOY_SESSION = "arn:aws:sts::111122223333:assumed-role/DeployRole/ci-deploy";
    private static final String DEPLOY_ROLE = "arn:aws:iam::111122223333:role/DeployRole";
    private static final String BUILD_BOT = "arn:aws:iam::111122223333:user/build-bot";
    private static final String CLI = "aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/linux#6.8.0 md/arch#x86_64"
            + " lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe command/";
    private static final String BOTO = "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#5.15.0 md/arch#x86_64"
            + " lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.76";

    @Test
    void readsEveryRecordOfS3DeliveryFileInOrder() throws IOException {
        CollectingListener result = parse(bytes(S3_FILE));

        assertThat(result.events)
                .extracting(NormalizedEvent::action)
                .containsExactly(
                        "RunInstances",
                        "RunInstances",
                        "AssumeRole",
                        "ConsoleLogin",
                        "RequestServiceQuotaIncrease",
                        "UpdateServiceQuotaIncreaseRequestStatus",
                        "InvokeModel",
                        "PutAccountDetails",
                        "RegisterTaskDefinition");
        assertThat(result.rejections).isEmpty();
        assertThat(result.skipped).isEmpty();
    }

    @Test
    void readsGzippedS3DeliveryFileLikeThePlainOne() throws IOException {
        List<NormalizedEvent> plain = parse(bytes(S3_FILE)).events;

        CollectingListener compressed = parse(gzip(bytes(S3_FILE)));

        assertThat(compressed.events).hasSize(9).isEqualTo(plain);
        assertThat(compressed.rejections).isEmpty();
    }

    @Test
    void readsGzippedFileArrivingInTinyChunks() throws IOException {
        List<NormalizedEvent> whole = parse(bytes(S3_FILE)).events;

        CollectingListener chunked = parse(new CloudTrailParser(), inTinyChunks(gzip(bytes(S3_FILE))));

        assertThat(chunked.events).isEqualTo(whole);
    }

    @Test
    void readsPlainFileArrivingInTinyChunks() throws IOException {
        List<NormalizedEvent> whole = parse(bytes(S3_FILE)).events;

        CollectingListener chunked = parse(new CloudTrailParser(), inTinyChunks(bytes(S3_FILE)));

        assertThat(chunked.events).isEqualTo(whole);
    }

    @Test
    void readsTopLevelArrayOfRecords() throws IOException {
        List<NormalizedEvent> s3 = parse(bytes(S3_FILE)).events;

        CollectingListener result = parse(bytes("top-level-array.json"));

        assertThat(result.events).containsExactly(s3.get(2), s3.get(6));
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsOneRecordPerLine() throws IOException {
        List<NormalizedEvent> s3 = parse(bytes(S3_FILE)).events;

        CollectingListener result = parse(bytes("records.jsonl"));

        assertThat(result.events).containsExactly(s3.get(0), s3.get(3), s3.get(7));
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsRecordInsideEventBridgeEnvelope() throws IOException {
        List<NormalizedEvent> s3 = parse(bytes(S3_FILE)).events;

        CollectingListener result = parse(bytes("eventbridge-envelope.json"));

        assertThat(result.events).containsExactly(s3.get(0));
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void readsEventBridgeEnvelopesOnePerLine() throws IOException {
        List<NormalizedEvent> s3 = parse(bytes(S3_FILE)).events;

        CollectingListener result = parse(bytes("eventbridge-envelopes.jsonl"));

        assertThat(result.events).containsExactly(s3.get(6), s3.get(5), s3.get(3));
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void takesAccountFromEventBridgeEnvelopeWhenRecordNamesNone() throws IOException {
        String envelope = """
                {"version":"0","id":"f5a6b7c8-d9e0-f1a2-b3c4-d5e6f7a8b9c0",
                 "detail-type":"AWS Service Event via CloudTrail","source":"aws.health","account":"111122223333",
                 "time":"2024-12-16T18:50:00Z","region":"us-east-1",
                 "resources":["arn:aws:health:us-east-1::event/EC2/EXAMPLE"],
                 "detail":{"eventVersion":"1.08","eventTime":"2024-12-16T18:50:00Z",
                 "eventSource":"health.amazonaws.com","eventName":"AWSHealthEvent","awsRegion":"us-east-1",
                 "eventID":"e0e0e0e0-0000-4000-8000-000000000001","eventType":"AwsServiceEvent"}}""";

        CollectingListener result = parse(Fixtures.utf8(envelope));

        assertThat(result.event(0).account()).isEqualTo(ACCOUNT);
        assertThat(result.event(0).resource()).isNull();
        assertThat(result.event(0).principal()).isNull();
    }

    @Test
    void readsRecordsFromLookupEventsOutput() throws IOException {
        List<NormalizedEvent> s3 = parse(bytes(S3_FILE)).events;

        CollectingListener result = parse(bytes("lookup-events.json"));

        assertThat(result.events).containsExactly(s3.get(4), s3.get(2), s3.get(3));
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void skipsDigestFileWithoutRejectingIt() throws IOException {
        CollectingListener result = parse(bytes("digest.json"));

        assertThat(result.skipped).containsExactly("0 CloudTrail digest file");
        assertThat(result.events).isEmpty();
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void skipsGzippedDigestFile() throws IOException {
        CollectingListener result = parse(gzip(bytes("digest.json")));

        assertThat(result.skipped).containsExactly("0 CloudTrail digest file");
        assertThat(result.events).isEmpty();
        assertThat(result.rejections).isEmpty();
    }

    @Test
    void isFoundByServiceLoaderUnderItsFormat() {
        List<EventParser> parsers = ServiceLoader.load(EventParser.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(parsers).extracting(EventParser::format).contains("cloudtrail");
        assertThat(parsers)
                .filteredOn(parser -> parser.format().equals("cloudtrail"))
                .singleElement()
                .isInstanceOf(CloudTrailParser.class);
    }

    @Test
    void normalizesGpuLaunchByAssumedRole() throws IOException {
        NormalizedEvent event = parse(bytes(S3_FILE)).event(0);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "0d9c8b7a-6f5e-4d3c-2b1a-09f8e7d6c5b4",
                        ACCOUNT,
                        "ap-southeast-3",
                        Instant.parse("2024-12-16T18:41:07Z"),
                        "ec2.amazonaws.com",
                        "RunInstances",
                        DEPLOY_SESSION,
                        "203.0.113.24",
                        CLI + "ec2.run-instances",
                        Outcome.SUCCESS,
                        null,
                        null,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("request.instanceType", "p4d.24xlarge"),
                        entry("request.instancesSet.items.imageId", "ami-0f1e2d3c4b5a69788"),
                        entry("request.instancesSet.items.minCount", 2L),
                        entry(
                                "response.instancesSet.items.instanceId",
                                List.of("i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002")),
                        entry("response.instancesSet.items.instanceType", List.of("p4d.24xlarge", "p4d.24xlarge")),
                        entry("identity.type", "AssumedRole"),
                        entry("identity.accessKeyId", "ASIAEXAMPLEDEPLOY001"),
                        entry("identity.sessionIssuer", DEPLOY_ROLE),
                        entry("identity.mfaAuthenticated", false),
                        entry("eventType", "AwsApiCall"),
                        entry("eventCategory", "Management"),
                        entry("readOnly", false))
                .doesNotContainKeys("identity.userName", "identity.invokedBy", "errorMessage");
    }

    @Test
    void normalizesDeniedLaunchAsFailureWithItsErrorCode() throws IOException {
        NormalizedEvent event = parse(bytes(S3_FILE)).event(1);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "7e6d5c4b-3a29-4f18-8e07-d6c5b4a39281",
                        ACCOUNT,
                        "me-central-1",
                        Instant.parse("2024-12-16T18:39:55Z"),
                        "ec2.amazonaws.com",
                        "RunInstances",
                        BUILD_BOT,
                        "198.51.100.77",
                        BOTO,
                        Outcome.FAILURE,
                        "Client.UnauthorizedOperation",
                        null,
                        null));
        assertThat(event.attribute("request.instanceType")).isEqualTo("g5.48xlarge");
        assertThat(event.attribute("identity.userName")).isEqualTo("build-bot");
        assertThat((String) event.attribute("errorMessage"))
                .startsWith("You are not authorized to perform this operation. User: " + BUILD_BOT)
                .hasSize(256);
    }

    @Test
    void takesResourceFromFirstResourcesArn() throws IOException {
        NormalizedEvent event = parse(bytes(S3_FILE)).event(2);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
                        ACCOUNT,
                        "us-east-1",
                        Instant.parse("2024-12-16T18:40:31Z"),
                        "sts.amazonaws.com",
                        "AssumeRole",
                        BUILD_BOT,
                        "198.51.100.77",
                        BOTO,
                        Outcome.SUCCESS,
                        null,
                        DEPLOY_ROLE,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("request.roleArn", DEPLOY_ROLE),
                        entry("request.roleSessionName", "ci-deploy"),
                        entry("request.durationSeconds", 3600L),
                        entry("response.assumedRoleUser.arn", DEPLOY_SESSION),
                        entry("readOnly", true));
    }

    @Test
    void normalizesRootConsoleSignIn() throws IOException {
        NormalizedEvent event = parse(bytes(S3_FILE)).event(3);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
                        ACCOUNT,
                        "us-east-1",
                        Instant.parse("2024-12-16T18:30:02Z"),
                        "signin.amazonaws.com",
                        "ConsoleLogin",
                        "arn:aws:iam::111122223333:root",
                        "203.0.113.150",
                        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                        Outcome.SUCCESS,
                        null,
                        null,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("response.ConsoleLogin", "Success"),
                        entry("additional.MFAUsed", "No"),
                        entry("additional.MobileVersion", "No"),
                        entry("identity.type", "Root"),
                        entry("eventType", "AwsConsoleSignIn"));
    }

    @Test
    void normalizesQuotaIncreaseRequestWithEveryRequestAndResponseValue() throws IOException {
        NormalizedEvent event = parse(bytes(S3_FILE)).event(4);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
                        ACCOUNT,
                        "ap-southeast-3",
                        Instant.parse("2024-12-16T18:38:52Z"),
                        "servicequotas.amazonaws.com",
                        "RequestServiceQuotaIncrease",
                        DEPLOY_SESSION,
                        "203.0.113.24",
                        CLI + "service-quotas.request-service-quota-increase",
                        Outcome.SUCCESS,
                        null,
                        null,
                        null));
        assertThat(event.attributes())
                .isEqualTo(Map.ofEntries(
                        entry("request.serviceCode", "ec2"),
                        entry("request.quotaCode", "L-417A185B"),
                        entry("request.desiredValue", 192L),
                        entry("response.requestedQuota.id", "8d2c6e1f0b9a4c7d8e5f3a2b1c0d9e8fQzR4aB7c"),
                        entry("response.requestedQuota.serviceCode", "ec2"),
                        entry("response.requestedQuota.serviceName", "Amazon Elastic Compute Cloud (Amazon EC2)"),
                        entry("response.requestedQuota.quotaCode", "L-417A185B"),
                        entry("response.requestedQuota.quotaName", "Running On-Demand P instances"),
                        entry("response.requestedQuota.desiredValue", 192.0),
                        entry("response.requestedQuota.status", "PENDING"),
                        entry("response.requestedQuota.created", "Dec 16, 2024, 6:38:52 PM"),
                        entry(
                                "response.requestedQuota.requester",
                                "{\"accountId\":\"111122223333\",\"callerArn\":\"" + DEPLOY_SESSION + "\"}"),
                        entry(
                                "response.requestedQuota.quotaArn",
                                "arn:aws:servicequotas:ap-southeast-3:111122223333:ec2/L-417A185B"),
                        entry("response.requestedQuota.globalQuota", false),
                        entry("response.requestedQuota.unit", "None"),
                        entry("response.requestedQuota.quotaRequestedAtLevel", "ACCOUNT"),
                        entry("identity.type", "AssumedRole"),
                        entry("identity.accessKeyId", "ASIAEXAMPLEDEPLOY001"),
                        entry("identity.sessionIssuer", DEPLOY_ROLE),
                        entry("identity.mfaAuthenticated", false),
                        entry("eventType", "AwsApiCall"),
                        entry("eventCategory", "Management"),
                        entry("readOnly", false)));
    }

    @Test
    void normalizesQuotaApprovalServiceEventWithOnlyInvokedBy() throws IOException {
        NormalizedEvent event = parse(bytes(S3_FILE)).event(5);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5",
                        ACCOUNT,
                        "ap-southeast-3",
                        Instant.parse("2024-12-16T18:44:19Z"),
                        "servicequotas.amazonaws.com",
                        "UpdateServiceQuotaIncreaseRequestStatus",
                        "servicequotas.amazonaws.com",
                        "servicequotas.amazonaws.com",
                        "servicequotas.amazonaws.com",
                        Outcome.SUCCESS,
                        null,
                        null,
                        null));
        assertThat(event.attributes())
                .isEqualTo(Map.ofEntries(
                        entry("serviceEvent.requestId", "8d2c6e1f0b9a4c7d8e5f3a2b1c0d9e8fQzR4aB7c"),
                        entry("serviceEvent.newStatus", "APPROVED"),
                        entry("serviceEvent.createTime", "2024-12-16T18:38:52.417Z"),
                        entry("serviceEvent.newQuotaValue", "192.0"),
                        entry("serviceEvent.serviceName", "Amazon Elastic Compute Cloud (Amazon EC2)"),
                        entry("serviceEvent.quotaName", "Running On-Demand P instances"),
                        entry("serviceEvent.unit", "None"),
                        entry("identity.invokedBy", "servicequotas.amazonaws.com"),
                        entry("eventType", "AwsServiceEvent"),
                        entry("eventCategory", "Management"),
                        entry("readOnly", false)));
    }

    @Test
    void keepsBedrockEventSourceForRuntimeInvocation() throws IOException {
        NormalizedEvent event = parse(bytes(S3_FILE)).event(6);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7",
                        ACCOUNT,
                        "us-west-2",
                        Instant.parse("2024-12-16T18:47:13Z"),
                        "bedrock.amazonaws.com",
                        "InvokeModel",
                        "arn:aws:iam::111122223333:user/chat-backend",
                        "198.51.100.203",
                        "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.8"
                                + " md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.76",
                        Outcome.SUCCESS,
                        null,
                        null,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("request.modelId", "anthropic.claude-3-5-sonnet-20240620-v1:0"),
                        entry("additional.inferenceRegion", "us-west-2"),
                        entry("readOnly", true));
    }

    @Test
    void normalizesSesProductionAccessRequest() throws IOException {
        NormalizedEvent event = parse(bytes(S3_FILE)).event(7);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
                        ACCOUNT,
                        "eu-west-1",
                        Instant.parse("2024-12-16T18:48:01Z"),
                        "ses.amazonaws.com",
                        "PutAccountDetails",
                        "arn:aws:iam::111122223333:user/mailer",
                        "203.0.113.9",
                        "aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.4 md/GOOS#linux md/GOARCH#amd64"
                                + " api/sesv2#1.40.0",
                        Outcome.SUCCESS,
                        null,
                        null,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry("request.mailType", "MARKETING"),
                        entry("request.websiteURL", "https://shop.example.com"),
                        entry("request.productionAccessEnabled", true),
                        entry(
                                "request.additionalContactEmailAddresses",
                                List.of("ops@example.com", "owner@example.net")));
    }

    @Test
    void collectsEveryContainerImageOfTaskDefinition() throws IOException {
        NormalizedEvent event = parse(bytes(S3_FILE)).event(8);

        assertThat(event)
                .usingRecursiveComparison()
                .ignoringFields("attributes")
                .isEqualTo(new NormalizedEvent(
                        Provider.AWS,
                        "6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c",
                        ACCOUNT,
                        "sa-east-1",
                        Instant.parse("2024-12-16T18:49:40Z"),
                        "ecs.amazonaws.com",
                        "RegisterTaskDefinition",
                        DEPLOY_SESSION,
                        "203.0.113.24",
                        CLI + "ecs.register-task-definition",
                        Outcome.SUCCESS,
                        null,
                        null,
                        null));
        assertThat(event.attributes())
                .contains(
                        entry(
                                "request.containerDefinitions.image",
                                List.of(
                                        "docker.io/examplecorp/xmr-worker:latest",
                                        "public.ecr.aws/examplecorp/relay:1.4")),
                        entry("request.containerDefinitions.command", List.of("--threads", "16")),
                        entry("request.containerDefinitions.essential", List.of(true, false)),
                        entry("request.cpu", "16384"),
                        entry("request.requiresCompatibilities", "FARGATE"),
                        entry(
                                "response.taskDefinition.taskDefinitionArn",
                                "arn:aws:ecs:sa-east-1:111122223333:task-definition/batch-worker:1"));
    }
}
