package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A {@code twilio} source of the fake's account, signed in with its auth token from {@code env:TWILIO_TOKEN}. */
final class TestSource implements AutoCloseable {

    /** Throttling retried with waits short enough for tests. */
    static final RetryTuning FAST = new RetryTuning(4, Duration.ofMillis(20), Duration.ofSeconds(30));

    static final Instant NOW = Instant.parse("2024-12-16T10:00:00Z");

    /** A cursor of a poll that read up to 09:00 on the fake's day. */
    static final Cursor AFTER_09_00 = Cursor.of(1, Map.of("after", "2024-12-16T09:00:00Z"));

    final FakeTwilio twilio;
    final MutableClock clock = new MutableClock(NOW);
    private final Map<String, String> settings = new HashMap<>(
            Map.of("accountSid", FakeTwilio.ACCOUNT, "authToken", "env:TWILIO_TOKEN", "usageRecords", "false"));
    private final Map<String, String> secrets = new HashMap<>(Map.of("env:TWILIO_TOKEN", FakeTwilio.AUTH_TOKEN));

    TestSource() throws IOException {
        twilio = new FakeTwilio();
    }

    TestSource with(String setting, String value) {
        settings.put(setting, value);
        return this;
    }

    TestSource without(String setting) {
        settings.remove(setting);
        return this;
    }

    TestSource withSecret(String reference, String secret) {
        secrets.put(reference, secret);
        return this;
    }

    SourceCollector open() {
        CollectorEnvironment environment =
                new CollectorEnvironment(Map.of(TwilioClients.ENDPOINT_NAME, twilio.endpoint()), clock);
        SourceConfig config = new SourceConfig("source-12", settings, this::resolve, environment);
        return new TwilioCollectorFactory(FAST).open(config);
    }

    private String resolve(String reference) throws CollectorException {
        String secret = secrets.get(reference);
        if (secret == null) {
            throw CollectorException.permanentFailure("No secret is known as " + reference, null);
        }
        return secret;
    }

    @Override
    public void close() {
        twilio.close();
    }

    /** The time a cursor says the next poll reads after. */
    static Instant after(Cursor cursor) {
        return MessageCursor.from(cursor).orElseThrow().after();
    }

    /** A delivered and priced message, created at {@code time} on the fake's day and sent a second later. */
    static FakeTwilio.FakeMessage sentAt(String sid, String time) {
        return new FakeTwilio.FakeMessage(sid, at(time), at(time).plusSeconds(1), "delivered", "1", "-0.0079");
    }

    /** {@code HH:mm} on the fake's day. */
    static Instant at(String time) {
        return Instant.parse("2024-12-16T" + time + ":00Z");
    }
}
