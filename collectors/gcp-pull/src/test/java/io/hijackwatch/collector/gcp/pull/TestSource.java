package io.hijackwatch.collector.gcp.pull;

import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A {@code gcp-audit-log} source of the project {@code example-ml-prod} read from a fake Cloud Logging. */
final class TestSource implements AutoCloseable {

    /** The quota's pacing with waits short enough for tests: requests 5 ms apart, a first backoff of 40 ms. */
    static final Pacing FAST = new Pacing(
            Duration.ofMillis(5),
            Duration.ofMillis(40),
            4,
            Duration.ofMinutes(1),
            Duration.ofSeconds(30),
            Duration.ofHours(1));

    static final Instant NOW = Instant.parse("2026-12-03T10:30:00Z");

    final FakeCloudLogging logging;
    final MutableClock clock = new MutableClock(NOW);
    private Pacing pacing = FAST;
    private final Map<String, String> settings = new HashMap<>(Map.of("projectId", AuditEntries.PROJECT));

    TestSource() throws IOException {
        logging = new FakeCloudLogging();
    }

    TestSource with(String setting, String value) {
        settings.put(setting, value);
        return this;
    }

    TestSource pacedBy(Pacing slower) {
        pacing = slower;
        return this;
    }

    SourceCollector open() {
        CollectorEnvironment environment =
                new CollectorEnvironment(Map.of(LoggingClients.ENDPOINT_NAME, logging.endpoint()), clock);
        SourceConfig config = new SourceConfig("source-7", settings, TestSource::refuseSecrets, environment);
        return new GcpAuditLogCollectorFactory(pacing).open(config);
    }

    private static String refuseSecrets(String reference) throws CollectorException {
        throw CollectorException.permanentFailure("No secrets here: " + reference, null);
    }

    @Override
    public void close() throws InterruptedException {
        logging.close();
    }
}
