package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.util.List;

/**
 * The {@code aws-lookup-events} kind: an account's management events in one region, read through CloudTrail's
 * LookupEvents API. For small setups without a trail delivered to S3; limited by CloudTrail to two requests a second.
 */
public final class LookupEventsCollectorFactory implements SourceCollectorFactory {

    public static final String KIND = "aws-lookup-events";

    private final ThrottleBackoff backoff;

    public LookupEventsCollectorFactory() {
        this(ThrottleBackoff.DEFAULT);
    }

    LookupEventsCollectorFactory(ThrottleBackoff backoff) {
        this.backoff = backoff;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Provider provider() {
        return Provider.AWS;
    }

    @Override
    public List<SourceSetting> settings() {
        return LookupEventsSettings.settings();
    }

    @Override
    public SourceCollector open(SourceConfig config) {
        return new LookupEventsCollector(config, LookupEventsSettings.from(config), backoff);
    }
}
