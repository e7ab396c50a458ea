package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.util.List;

/**
 * The {@code aws-sqs} kind: CloudTrail files delivered to S3, announced through an SQS queue (S3 event notifications,
 * directly or through SNS, or CloudTrail's own SNS notifications). The production path for AWS.
 */
public final class SqsCollectorFactory implements SourceCollectorFactory {

    public static final String KIND = "aws-sqs";

    private static final int BATCH_SIZE = 1000;

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
        return SqsSettings.settings();
    }

    @Override
    public SourceCollector open(SourceConfig config) {
        return new SqsCollector(config, SqsSettings.from(config), BATCH_SIZE);
    }
}
