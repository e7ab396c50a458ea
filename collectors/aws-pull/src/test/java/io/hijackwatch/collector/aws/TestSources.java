package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.SecretResolver;
import io.hijackwatch.collector.pull.SourceConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Source configurations pointed at a {@link FakeAws}, with static keys given as secret references. */
final class TestSources {

    static final String BASE_KEY_ID = "AKIAFAKEBASE00000001";
    static final String BASE_SECRET = "fakeBaseSecretAccessKey";

    private TestSources() {}

    static Map<String, String> withKeys(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("region", "eu-west-1");
        all.put("accessKeyId", "env:HJW_AWS_KEY_ID");
        all.put("secretAccessKey", "env:HJW_AWS_SECRET");
        return all;
    }

    static SourceConfig config(FakeAws aws, Map<String, String> settings, Clock clock) {
        return new SourceConfig(
                "source-1", withKeys(settings), secrets(), new CollectorEnvironment(aws.endpoints(), clock));
    }

    static SecretResolver secrets() {
        Map<String, String> secrets = Map.of("env:HJW_AWS_KEY_ID", BASE_KEY_ID, "env:HJW_AWS_SECRET", BASE_SECRET);
        return reference -> {
            String secret = secrets.get(reference);
            if (secret == null) {
                throw CollectorException.permanentFailure(
                        "The secret reference " + reference + " names nothing.", null);
            }
            return secret;
        };
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
