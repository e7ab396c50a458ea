package io.hijackwatch.collector.gcp.pull;

import static io.hijackwatch.collector.gcp.pull.AuditEntries.gpuInsertsAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.grpc.Status;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.testing.RecordingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpAuditLogFailureTests {

    private static final Cursor AFTER_10_20 = Cursor.of(1, Map.of("after", "2026-12-03T10:20:00Z"));
    private static final Instant T = Instant.parse("2026-12-03T10:11:00Z");

    private TestSource source;

    @BeforeEach
    void startFake() throws Exception {
        source = new TestSource();
        source.logging.add(
                gpuInsertsAt(T, T.plusSeconds(60), T.plusSeconds(120), T.plusSeconds(180), T.plusSeconds(240)));
    }

    @AfterEach
    void stopFake() throws Exception {
        source.close();
    }

    @Test
    void waitsOutThrottlingAndThenReads() throws Exception {
        source.logging.failNext(
                Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded for quota metric 'Read requests'"), 2);
        RecordingSink sink = new RecordingSink();

        long started = System.nanoTime();
        PollResult result;
        try (SourceCollector collector = source.open()) {
            result = collector.poll(AFTER_10_20, sink);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result).isEqualTo(PollResult.caughtUp(5));
        assertThat(source.logging.requests()).hasSize(3);
        assertThat(took)
                .as("two jittered backoffs of at least 20 and 40 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(60));
        assertThat(sink.stored()).hasSize(5);
    }

    @Test
    void givesUpThrottledAfterTheLastAttemptAndAsksForAWait() throws Exception {
        source.logging.failNext(Status.RESOURCE_EXHAUSTED, 4);
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(AFTER_10_20, sink))
                    .asInstanceOf(type(CollectorException.class))
                    .satisfies(e -> {
                        assertThat(e.permanent()).isFalse();
                        assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
                        assertThat(e.getMessage()).contains("example-ml-prod").contains("throttled");
                    });
        }
        assertThat(source.logging.requests()).hasSize(4);
        assertThat(sink.committed()).isEmpty();
    }

    @Test
    void deniedAccessIsPermanentAndSaysWhichRoleIsMissing() throws Exception {
        source.logging.failNext(
                Status.PERMISSION_DENIED.withDescription("Permission 'logging.logEntries.list' denied on resource"), 1);

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(AFTER_10_20, new RecordingSink()))
                    .asInstanceOf(type(CollectorException.class))
                    .satisfies(e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage())
                                .contains("project example-ml-prod")
                                .contains("roles/logging.viewer");
                    });
        }
        assertThat(source.logging.requests()).as("no retry of a denial").hasSize(1);
    }

    @Test
    void unknownProjectAndRejectedCredentialsArePermanent() throws Exception {
        source.logging.failNext(Status.NOT_FOUND, 1);
        source.logging.failNext(Status.UNAUTHENTICATED, 1);

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(AFTER_10_20, new RecordingSink()))
                    .asInstanceOf(type(CollectorException.class))
                    .satisfies(e -> assertThat(e.permanent()).isTrue())
                    .satisfies(e -> assertThat(e.getMessage()).contains("does not exist"));
            assertThatThrownBy(() -> collector.poll(AFTER_10_20, new RecordingSink()))
                    .asInstanceOf(type(CollectorException.class))
                    .satisfies(e -> assertThat(e.permanent()).isTrue())
                    .satisfies(e -> assertThat(e.getMessage()).contains("credentials"));
        }
    }

    @Test
    void unavailableAndTimeoutsAreTransient() throws Exception {
        source.logging.failNext(Status.UNAVAILABLE, 1);
        source.logging.failNext(Status.DEADLINE_EXCEEDED, 1);

        try (SourceCollector collector = source.open()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> collector.poll(AFTER_10_20, new RecordingSink()))
                        .asInstanceOf(type(CollectorException.class))
                        .satisfies(e -> {
                            assertThat(e.permanent()).isFalse();
                            assertThat(e.retryAfter()).isEmpty();
                        });
            }
            assertThat(collector.poll(AFTER_10_20, new RecordingSink())).isEqualTo(PollResult.caughtUp(5));
        }
    }

    @Test
    void aFailedPageLeavesTheCursorAndTheNextPollReadsTheWholeWindowAgain() throws Exception {
        source.logging.entriesPerPage(2);
        RecordingSink sink = new RecordingSink().startingAt(AFTER_10_20);

        try (SourceCollector collector = source.open()) {
            collector.poll(AFTER_10_20, sink.failingCommit(2));
        } catch (IllegalStateException expected) {
            // the sink's failure ends the poll as it is
        }
        assertThat(sink.cursor()).isEqualTo(AFTER_10_20);
        assertThat(sink.stored()).hasSize(2);

        try (SourceCollector collector = source.open()) {
            collector.poll(sink.cursor(), sink);
        }

        assertThat(sink.stored()).hasSize(5);
        assertThat(sink.cursor().instant("after")).contains(Instant.parse("2026-12-03T10:29:30Z"));
        assertThat(sink.committed()).extracting(Batch::cursor).startsWith(AFTER_10_20, AFTER_10_20);
        assertThat(source.logging.requests())
                .extracting(request -> request.getPageToken())
                .containsExactly("", "page-2", "", "page-2", "page-4");
    }

    @Test
    void anUnreadableKeyIsPermanentAndNamesTheReferenceNotTheKey() {
        SourceConfig config = new SourceConfig(
                "source-8",
                Map.of("projectId", "example-ml-prod", "credentialsFile", "file:/run/secrets/gcp-key.json"),
                reference ->
                        "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nnot-a-key\"}",
                CollectorEnvironment.defaults());

        try (SourceCollector collector = new GcpAuditLogCollectorFactory(TestSource.FAST).open(config)) {
            assertThatThrownBy(() -> collector.poll(AFTER_10_20, new RecordingSink()))
                    .asInstanceOf(type(CollectorException.class))
                    .satisfies(e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage()).contains("file:/run/secrets/gcp-key.json");
                        assertThat(e.getMessage()).doesNotContain("PRIVATE KEY").doesNotContain("not-a-key");
                        assertThat(e.getCause()).isNull();
                    });
        }
    }

    @Test
    void refusesCredentialFilesThatAreNotServiceAccountKeys() {
        String externalAccount = "{\"type\":\"external_account\",\"audience\":\"//iam.googleapis.com/x\","
                + "\"subject_token_type\":\"urn:ietf:params:oauth:token-type:jwt\","
                + "\"credential_source\":{\"executable\":{\"command\":\"/bin/sh -c id\"}}}";
        SourceConfig config = new SourceConfig(
                "source-8",
                Map.of("projectId", "example-ml-prod", "credentialsFile", "env:GCP_KEY"),
                reference -> externalAccount,
                CollectorEnvironment.defaults());

        try (SourceCollector collector = new GcpAuditLogCollectorFactory(TestSource.FAST).open(config)) {
            assertThatThrownBy(collector::testConnection)
                    .asInstanceOf(type(CollectorException.class))
                    .satisfies(e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage()).contains("env:GCP_KEY").doesNotContain("/bin/sh");
                    });
        }
    }

    @Test
    void aRefusedSecretReferenceEndsThePollWithTheResolversReason() {
        SourceConfig config = new SourceConfig(
                "source-9",
                Map.of("projectId", "example-ml-prod", "credentialsFile", "file:/etc/shadow"),
                reference -> {
                    throw CollectorException.permanentFailure("The reference " + reference + " is not allowed", null);
                },
                CollectorEnvironment.defaults());

        try (SourceCollector collector = new GcpAuditLogCollectorFactory(TestSource.FAST).open(config)) {
            assertThatThrownBy(() -> collector.poll(AFTER_10_20, new RecordingSink()))
                    .isInstanceOf(CollectorException.class)
                    .hasMessage("The reference file:/etc/shadow is not allowed");
        }
    }
}
