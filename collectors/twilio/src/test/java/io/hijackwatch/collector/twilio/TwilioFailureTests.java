package io.hijackwatch.collector.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.testing.RecordingSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code twilio} source when Twilio throttles, refuses or fails, and how it signs in and tests its connection. */
class TwilioFailureTests {

    private TestSource source;

    @BeforeEach
    void startFake() throws Exception {
        source = new TestSource();
    }

    @AfterEach
    void stopFake() {
        source.close();
    }

    @Test
    void retriesThrottlingAndThenReads() throws Exception {
        source.twilio.throttleNext(2).add(TestSource.sentAt("SM1", "09:01"));
        source.twilio.failNext(429, "", Map.of());
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
        }

        assertThat(source.twilio.requests()).hasSize(4);
        assertThat(sink.stored()).containsOnlyKeys("SM1");
    }

    @Test
    void handsPersistentThrottlingToTheServiceWithTheWaitTwilioAsked() throws Exception {
        source.twilio.throttleNext(3);
        source.twilio.failNext(
                429,
                "{\"code\": 20429, \"message\": \"Too Many Requests\", \"status\": 429}",
                Map.of("Retry-After", "7"));

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(TestSource.AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(CollectorException.class, e -> {
                        assertThat(e.permanent()).isFalse();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                        assertThat(e.getMessage()).contains("throttling", FakeTwilio.ACCOUNT, "4 attempts");
                    });
        }
        assertThat(source.twilio.requests()).hasSize(4);
    }

    @Test
    void failsPermanentlyWhenTwilioRefusesTheCredentialsAndNeverNamesThem() throws Exception {
        source.withSecret("env:TWILIO_TOKEN", "ffffffffffffffffffffffffffffffff");

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(TestSource.AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(CollectorException.class, e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage())
                                .contains("refused the credentials", "HTTP 401", "20003")
                                .doesNotContain("ffffffffffffffffffffffffffffffff");
                    });
        }
        assertThat(source.twilio.requests()).hasSize(1);
    }

    @Test
    void failsPermanentlyOnForbiddenAndNotFound() throws Exception {
        source.twilio.failNext(403, "{\"code\": 20403, \"message\": \"Forbidden\", \"status\": 403}", Map.of());
        source.twilio.failNext(404, "{\"code\": 20404, \"message\": \"Not Found\", \"status\": 404}", Map.of());

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(TestSource.AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(
                            CollectorException.class,
                            e -> assertThat(e.permanent()).isTrue());
            assertThatThrownBy(() -> collector.poll(TestSource.AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(CollectorException.class, e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage()).contains("does not know account", "HTTP 404");
                    });
        }
    }

    @Test
    void failsTransientlyWhenTwilioKeepsFailing() throws Exception {
        for (int i = 0; i < 3; i++) {
            source.twilio.failNext(
                    503, "{\"code\": 20500, \"message\": \"Service Unavailable\", \"status\": 503}", Map.of());
        }

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(TestSource.AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(CollectorException.class, e -> {
                        assertThat(e.permanent()).isFalse();
                        assertThat(e.getMessage()).contains("HTTP 503");
                    });
        }
    }

    @Test
    void signsInWithTheApiKeyWhenOneIsSet() throws Exception {
        String keySid = "SK0123456789abcdef0123456789abcdef";
        source.twilio.acceptingOnly(keySid, "key-secret-value");
        source.without("authToken")
                .with("apiKeySid", keySid)
                .with("apiKeySecret", "file:/run/secrets/twilio-key")
                .withSecret("file:/run/secrets/twilio-key", "key-secret-value");

        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, new RecordingSink());
        }

        assertThat(source.twilio.users()).containsExactly(keySid);
        assertThat(source.twilio.requests().get(0)).contains("/Accounts/" + FakeTwilio.ACCOUNT + "/Messages.json");
    }

    @Test
    void saysWhatItReachedWhenTestingTheConnection() throws Exception {
        source.with("usageRecords", "true").twilio.add(TestSource.sentAt("SM1", "09:01"));

        String reached;
        try (SourceCollector collector = source.open()) {
            reached = collector.testConnection();
        }

        assertThat(reached)
                .isEqualTo("Reached Twilio account " + FakeTwilio.ACCOUNT + " and read its messages and SMS usage"
                        + " records; its newest message is SM1.");
        assertThat(source.twilio.requests().get(0)).contains("PageSize=1");
    }

    @Test
    void failsTheConnectionTestWithTheReason() throws Exception {
        source.withSecret("env:TWILIO_TOKEN", "wrong");

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(collector::testConnection)
                    .isInstanceOfSatisfying(
                            CollectorException.class,
                            e -> assertThat(e.permanent()).isTrue())
                    .hasMessageContaining("refused the credentials");
        }
    }

    @Test
    void failsPermanentlyWhenTheSecretCannotBeResolved() throws Exception {
        source.with("authToken", "env:MISSING");

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(() -> collector.poll(TestSource.AFTER_09_00, new RecordingSink()))
                    .isInstanceOfSatisfying(
                            CollectorException.class,
                            e -> assertThat(e.permanent()).isTrue());
        }
        assertThat(source.twilio.requests()).isEmpty();
    }

    @Test
    void backsOffLongerAfterEachThrottledAttempt() throws Exception {
        source.twilio.throttleNext(3).add(TestSource.sentAt("SM1", "09:01"));
        RecordingSink sink = new RecordingSink();

        try (SourceCollector collector = source.open()) {
            collector.poll(TestSource.AFTER_09_00, sink);
        }

        List<Long> gaps = source.twilio.gapsMillis();
        // The waits are at least 10, 20 and 40 ms; gaps between arrivals at the fake get a fifth of slack for a
        // request held up on its way.
        assertThat(gaps).hasSize(3);
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(8);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(16);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(32);
        assertThat(sink.stored()).containsOnlyKeys("SM1");
    }

    @Test
    void neverWritesTheAuthTokenToExceptionsOrLogs() throws Exception {
        String encoded = Base64.getEncoder()
                .encodeToString((FakeTwilio.ACCOUNT + ":" + FakeTwilio.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
        source.twilio.add(TestSource.sentAt("SM1", "09:01")).throttleNext(5);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream console = System.err;
        List<Throwable> thrown = new ArrayList<>();

        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try (SourceCollector collector = source.open()) {
            thrown.add(catchThrowable(() -> collector.poll(TestSource.AFTER_09_00, new RecordingSink())));
            collector.poll(TestSource.AFTER_09_00, new RecordingSink());
            collector.testConnection();
            source.twilio.acceptingOnly(FakeTwilio.ACCOUNT, "another-token");
            thrown.add(catchThrowable(() -> collector.poll(TestSource.AFTER_09_00, new RecordingSink())));
            thrown.add(catchThrowable(collector::testConnection));
        } finally {
            System.setErr(console);
        }

        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("Twilio throttled list messages", "Read 1 messages");
        assertThat(thrown).doesNotContainNull().allSatisfy(e -> assertThat(e).isInstanceOf(CollectorException.class));
        assertThat(thrown.get(1)).hasMessageContaining("refused the credentials");
        for (String secret : List.of(FakeTwilio.AUTH_TOKEN, encoded)) {
            assertThat(logged).doesNotContain(secret);
            thrown.forEach(e -> assertThat(stackTrace(e)).doesNotContain(secret));
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
