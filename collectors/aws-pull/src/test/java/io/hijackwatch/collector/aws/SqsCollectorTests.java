package io.hijackwatch.collector.aws;

import static io.hijackwatch.collector.aws.TrailRecords.deliveryFileWithIds;
import static io.hijackwatch.collector.aws.TrailRecords.gzip;
import static io.hijackwatch.collector.aws.TrailRecords.s3Notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqsCollectorTests {

    private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/111122223333/cloudtrail-files";
    private static final String BUCKET = "org-trail";
    private static final String PREFIX = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/12/03/";
    private static final Instant EVENT_TIME = Instant.parse("2026-12-03T09:55:00Z");

    private FakeAws aws;
    private final MemorySink sink = new MemorySink();
    private final List<SourceCollector> opened = new ArrayList<>();

    @BeforeEach
    void startFake() throws IOException {
        aws = new FakeAws();
    }

    @AfterEach
    void stopFake() {
        opened.forEach(SourceCollector::close);
        aws.close();
    }

    @Test
    void readsGzipFileAnnouncedByS3NotificationAndDeletesMessageOnlyAfterCommit() throws Exception {
        String key = PREFIX + "111122223333_CloudTrail_eu-west-1_20261203T0955Z_a b.json.gz";
        aws.s3.put(BUCKET, key, gzip(deliveryFileWithIds(EVENT_TIME, "e-1", "e-2")));
        String message = aws.sqs.send(s3Notification(BUCKET, key.replace(" ", "+")));
        List<Boolean> deletedAtCommit = new ArrayList<>();
        sink.beforeCommit(() -> deletedAtCommit.add(aws.sqs.message(message).deleted));

        PollResult result = collector(Map.of()).poll(Cursor.initial(), sink);

        assertThat(result.events()).isEqualTo(2);
        assertThat(sink.eventIds()).containsExactly("e-1", "e-2");
        assertThat(deletedAtCommit).containsOnly(false);
        assertThat(aws.sqs.message(message).deleted).isTrue();
        Batch batch = sink.batches().get(0);
        assertThat(batch.cursor().version()).isEqualTo(1);
        assertThat(batch.cursor().instant("sentAt")).contains(batch.position());
        assertThat(batch.position()).isEqualTo(aws.sqs.message(message).sentAt.truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void readsFilesAnnouncedThroughSnsAndByCloudTrailItself() throws Exception {
        aws.s3.put(BUCKET, PREFIX + "a.json.gz", gzip(deliveryFileWithIds(EVENT_TIME, "a-1")));
        aws.s3.put(
                BUCKET,
                PREFIX + "b.json",
                deliveryFileWithIds(EVENT_TIME, "b-1").getBytes(StandardCharsets.UTF_8));
        aws.s3.put(BUCKET, PREFIX + "c.json.gz", gzip(deliveryFileWithIds(EVENT_TIME, "c-1")));
        String viaSns = aws.sqs.send(TrailRecords.snsEnvelope(s3Notification(BUCKET, PREFIX + "a.json.gz")));
        String cloudTrail = aws.sqs.send(TrailRecords.snsEnvelope(
                TrailRecords.cloudTrailNotification(BUCKET, PREFIX + "b.json", PREFIX + "c.json.gz")));

        collector(Map.of()).poll(Cursor.initial(), sink);

        assertThat(sink.eventIds()).containsExactly("a-1", "b-1", "c-1");
        assertThat(sink.rejectionReasons()).isEmpty();
        assertThat(aws.sqs.message(viaSns).deleted).isTrue();
        assertThat(aws.sqs.message(cloudTrail).deleted).isTrue();
    }

    @Test
    void keepsMessageWhenCommitFailsAndReadsItAgainAfterVisibilityTimeout() throws Exception {
        aws.s3.put(BUCKET, PREFIX + "a.json.gz", gzip(deliveryFileWithIds(EVENT_TIME, "e-1", "e-2")));
        String message = aws.sqs.send(s3Notification(BUCKET, PREFIX + "a.json.gz"));
        SourceCollector collector = collector(Map.of("visibilityTimeout", "2"));
        sink.failNextCommits(1);

        assertThatThrownBy(() -> collector.poll(Cursor.initial(), sink)).isInstanceOf(IllegalStateException.class);
        assertThat(aws.sqs.message(message).deleted).isFalse();
        assertThat(collector.poll(Cursor.initial(), sink).events()).isZero();

        Instant deadline = Instant.now().plusSeconds(10);
        while (!aws.sqs.message(message).deleted && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            collector.poll(Cursor.initial(), sink);
        }

        assertThat(aws.sqs.message(message).receives).isEqualTo(2);
        assertThat(sink.eventIds()).containsExactly("e-1", "e-2");
        assertThat(aws.sqs.message(message).deleted).isTrue();
    }

    @Test
    void recordsUnreadableFilesWithTheirKeysAndKeepsTheQueueFlowing() throws Exception {
        aws.s3.put(BUCKET, PREFIX + "garbage.json.gz", "this is not gzip, nor JSON".getBytes(StandardCharsets.UTF_8));
        byte[] whole =
                gzip(deliveryFileWithIds(EVENT_TIME, TrailRecords.ids("t", 200).toArray(String[]::new)));
        aws.s3.put(BUCKET, PREFIX + "cut.json.gz", Arrays.copyOf(whole, whole.length / 2));
        aws.s3.forbid(BUCKET, PREFIX + "kms.json.gz");
        aws.s3.put(BUCKET, PREFIX + "good.json.gz", gzip(deliveryFileWithIds(EVENT_TIME, "good-1")));
        List<String> messages = List.of(
                aws.sqs.send(s3Notification(BUCKET, PREFIX + "missing.json.gz")),
                aws.sqs.send(s3Notification(BUCKET, PREFIX + "garbage.json.gz")),
                aws.sqs.send(s3Notification(BUCKET, PREFIX + "cut.json.gz")),
                aws.sqs.send(s3Notification(BUCKET, PREFIX + "kms.json.gz")),
                aws.sqs.send("not json at all"),
                aws.sqs.send(s3Notification(BUCKET, PREFIX + "good.json.gz")));

        collector(Map.of()).poll(Cursor.initial(), sink);

        assertThat(sink.rejectionReasons())
                .anySatisfy(reason -> assertThat(reason)
                        .startsWith("s3://" + BUCKET + "/" + PREFIX + "missing.json.gz")
                        .contains("NoSuchKey"))
                .anySatisfy(
                        reason -> assertThat(reason).startsWith("s3://" + BUCKET + "/" + PREFIX + "garbage.json.gz"))
                .anySatisfy(reason -> assertThat(reason)
                        .startsWith("s3://" + BUCKET + "/" + PREFIX + "cut.json.gz")
                        .contains("cut off"))
                .anySatisfy(reason -> assertThat(reason)
                        .startsWith("s3://" + BUCKET + "/" + PREFIX + "kms.json.gz")
                        .contains("AccessDenied"))
                .anySatisfy(
                        reason -> assertThat(reason).contains(messages.get(4)).contains("not JSON"));
        assertThat(sink.eventIds()).contains("good-1");
        assertThat(messages)
                .allSatisfy(id -> assertThat(aws.sqs.message(id).deleted).isTrue());
    }

    @Test
    void keepsTheGoodRecordsOfAFileWithAMalformedOne() throws Exception {
        String file = TrailRecords.deliveryFile(
                TrailRecords.record("ok-1", EVENT_TIME),
                "{\"eventTime\":\"2026-12-03T09:55:00Z\"}",
                TrailRecords.record("ok-2", EVENT_TIME));
        aws.s3.put(BUCKET, PREFIX + "mixed.json.gz", gzip(file));
        aws.sqs.send(s3Notification(BUCKET, PREFIX + "mixed.json.gz"));

        collector(Map.of()).poll(Cursor.initial(), sink);

        assertThat(sink.eventIds()).containsExactly("ok-1", "ok-2");
        assertThat(sink.batches().get(0).rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.index()).isEqualTo(1);
            assertThat(rejection.reason()).startsWith("s3://" + BUCKET + "/" + PREFIX + "mixed.json.gz record 1:");
        });
    }

    @Test
    void commitsALargeFileInBatchesOfAThousand() throws Exception {
        List<String> ids = TrailRecords.ids("big", 2_500);
        aws.s3.put(BUCKET, PREFIX + "big.json.gz", gzip(deliveryFileWithIds(EVENT_TIME, ids.toArray(String[]::new))));
        String message = aws.sqs.send(s3Notification(BUCKET, PREFIX + "big.json.gz"));
        List<Boolean> deletedAtCommit = new ArrayList<>();
        sink.beforeCommit(() -> deletedAtCommit.add(aws.sqs.message(message).deleted));

        collector(Map.of()).poll(Cursor.initial(), sink);

        assertThat(sink.batches()).extracting(batch -> batch.events().size()).containsExactly(1000, 1000, 500);
        assertThat(sink.eventIds()).containsExactlyElementsOf(ids);
        assertThat(deletedAtCommit).containsExactly(false, false, false);
        assertThat(aws.sqs.message(message).deleted).isTrue();
    }

    @Test
    void extendsVisibilityWhileASlowFileIsRead() throws Exception {
        aws.s3.put(BUCKET, PREFIX + "slow.json.gz", gzip(deliveryFileWithIds(EVENT_TIME, "slow-1")));
        aws.s3.pauseInTheMiddle(Duration.ofMillis(3_000));
        String message = aws.sqs.send(s3Notification(BUCKET, PREFIX + "slow.json.gz"));

        collector(Map.of("visibilityTimeout", "2")).poll(Cursor.initial(), sink);

        FakeSqs.QueuedMessage queued = aws.sqs.message(message);
        assertThat(sink.eventIds()).containsExactly("slow-1");
        assertThat(queued.visibilityChanges).isGreaterThanOrEqualTo(2);
        assertThat(queued.deletedWhileHidden).isTrue();
        assertThat(queued.receives).isEqualTo(1);
    }

    @Test
    void deletesTheS3TestEventWithoutCommittingAnything() throws Exception {
        String message = aws.sqs.send(TrailRecords.s3TestEvent(BUCKET));

        PollResult result = collector(Map.of()).poll(Cursor.initial(), sink);

        assertThat(result.events()).isZero();
        assertThat(sink.batches()).isEmpty();
        assertThat(aws.sqs.message(message).deleted).isTrue();
    }

    @Test
    void assumesTheRoleWithItsExternalIdAndSignsWithTheAssumedKey() throws Exception {
        aws.s3.put(BUCKET, PREFIX + "a.json.gz", gzip(deliveryFileWithIds(EVENT_TIME, "e-1")));
        aws.sqs.send(s3Notification(BUCKET, PREFIX + "a.json.gz"));
        Map<String, String> settings =
                Map.of("roleArn", "arn:aws:iam::444455556666:role/HijackwatchReader", "externalId", "tenant-7f3a");

        collector(settings).poll(Cursor.initial(), sink);

        assertThat(aws.sts.assumeRoleCalls()).singleElement().satisfies(call -> {
            assertThat(call).containsEntry("RoleArn", "arn:aws:iam::444455556666:role/HijackwatchReader");
            assertThat(call).containsEntry("ExternalId", "tenant-7f3a");
            assertThat(call).containsEntry("RoleSessionName", "hijackwatch-source-1");
        });
        assertThat(aws.requests("AssumeRole"))
                .allSatisfy(request -> assertThat(request.accessKeyId()).isEqualTo(TestSources.BASE_KEY_ID));
        assertThat(aws.requests())
                .filteredOn(request -> !request.operation().equals("AssumeRole"))
                .extracting(FakeAws.Request::operation)
                .contains("AmazonSQS.ReceiveMessage", "GetObject", "AmazonSQS.DeleteMessage");
        assertThat(aws.requests())
                .filteredOn(request -> !request.operation().equals("AssumeRole"))
                .allSatisfy(request -> assertThat(request.accessKeyId()).isEqualTo(FakeSts.ASSUMED_KEY_ID));
        assertThat(sink.eventIds()).containsExactly("e-1");
    }

    @Test
    void reportsARoleItMayNotAssumeAsPermanent() {
        aws.fail(new FakeAws.Fault("AssumeRole", 403, Map.of(), "text/xml", """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
                <Code>AccessDenied</Code><Message>User: arn:aws:iam::999988887777:user/hijackwatch is not authorized \
                to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/HijackwatchReader</Message>\
                </Error><RequestId>fake</RequestId></ErrorResponse>"""));
        SourceCollector collector = collector(Map.of("roleArn", "arn:aws:iam::444455556666:role/HijackwatchReader"));

        assertThatThrownBy(collector::testConnection).isInstanceOfSatisfying(CollectorException.class, e -> {
            assertThat(e.permanent()).isTrue();
            assertThat(e.getMessage())
                    .startsWith("Assuming the role for GetQueueAttributes")
                    .contains("AccessDenied")
                    .doesNotContain(TestSources.BASE_SECRET);
        });
        assertThat(aws.requests("AmazonSQS.GetQueueAttributes")).isEmpty();
    }

    @Test
    void reportsThrottlingAndServerErrorsAsTransient() {
        aws.failJson(
                "AmazonSQS.ReceiveMessage",
                3,
                400,
                "com.amazonaws.sqs#RequestThrottled",
                Map.of("x-amzn-query-error", "RequestThrottled;Sender"));
        SourceCollector collector = collector(Map.of());

        assertThatThrownBy(() -> collector.poll(Cursor.initial(), sink))
                .isInstanceOfSatisfying(CollectorException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).contains("ReceiveMessage").contains("RequestThrottled");
                });

        aws.failJson("AmazonSQS.ReceiveMessage", 3, 500, "InternalError", Map.of());
        assertThatThrownBy(() -> collector.poll(Cursor.initial(), sink))
                .isInstanceOfSatisfying(
                        CollectorException.class, e -> assertThat(e.permanent()).isFalse());
    }

    @Test
    void reportsAMissingQueueAndDeniedAccessAsPermanentWithoutSecrets() {
        aws.failJson(
                "AmazonSQS.ReceiveMessage",
                1,
                400,
                "com.amazonaws.sqs#QueueDoesNotExist",
                Map.of("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"));
        aws.failJson(
                "AmazonSQS.ReceiveMessage",
                1,
                400,
                "com.amazon.coral.service#AccessDeniedException",
                Map.of("x-amzn-query-error", "AccessDenied;Sender"));
        SourceCollector collector = collector(Map.of());

        assertThatThrownBy(() -> collector.poll(Cursor.initial(), sink))
                .isInstanceOfSatisfying(CollectorException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("NonExistentQueue").doesNotContain(TestSources.BASE_SECRET);
                });
        assertThatThrownBy(() -> collector.poll(Cursor.initial(), sink))
                .isInstanceOfSatisfying(CollectorException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("AccessDenied").doesNotContain(TestSources.BASE_SECRET);
                });
    }

    @Test
    void testsTheConnectionWithTheQueueAttributes() throws Exception {
        aws.sqs.send(TrailRecords.s3TestEvent(BUCKET));
        aws.sqs.send(TrailRecords.s3TestEvent(BUCKET));

        String answer = collector(Map.of()).testConnection();

        assertThat(answer).contains(QUEUE).contains("about 2 messages");
        assertThat(aws.requests())
                .extracting(FakeAws.Request::operation)
                .containsExactly("AmazonSQS.GetQueueAttributes");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        SqsCollectorFactory factory = new SqsCollectorFactory();

        assertThatThrownBy(() -> factory.open(config(Map.of("queueUrl", "not a url"))))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("queueUrl");
        assertThatThrownBy(() -> factory.open(config(Map.of("externalId", "x-1234"))))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("roleArn");
        assertThatThrownBy(() -> factory.open(config(Map.of("visibilityTimeout", "1"))))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("visibilityTimeout");
        assertThatThrownBy(() -> factory.open(config(Map.of("region", "Europe"))))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("region");
        Map<String, String> onlyKeyId = new HashMap<>(TestSources.withKeys(Map.of("queueUrl", QUEUE)));
        onlyKeyId.remove("secretAccessKey");
        assertThatThrownBy(() -> factory.open(new SourceConfig(
                        "s",
                        onlyKeyId,
                        TestSources.secrets(),
                        new CollectorEnvironment(aws.endpoints(), Clock.systemUTC()))))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("secretAccessKey");
    }

    private SourceCollector collector(Map<String, String> settings) {
        SourceCollector collector = new SqsCollectorFactory().open(config(settings));
        opened.add(collector);
        return collector;
    }

    private SourceConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("queueUrl", QUEUE, "waitTimeSeconds", "0"));
        all.putAll(settings);
        return TestSources.config(aws, all, Clock.systemUTC());
    }
}
