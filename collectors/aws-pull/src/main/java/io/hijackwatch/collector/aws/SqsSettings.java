package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of an {@code aws-sqs} source.
 *
 * @param queueUrl the queue S3 (or SNS) sends notifications of new CloudTrail files to
 * @param access the region and credentials
 * @param visibilityTimeout how long a received message stays hidden from other consumers; extended while its files
 *     are read
 * @param waitTime how long one ReceiveMessage call waits for messages (long polling)
 */
record SqsSettings(String queueUrl, AwsAccess access, Duration visibilityTimeout, Duration waitTime) {

    static final String QUEUE_URL = "queueUrl";
    static final String VISIBILITY_TIMEOUT = "visibilityTimeout";
    static final String WAIT_TIME_SECONDS = "waitTimeSeconds";

    private static final int DEFAULT_VISIBILITY_SECONDS = 300;
    private static final int MAX_VISIBILITY_SECONDS = 43_200;
    private static final int DEFAULT_WAIT_SECONDS = 20;
    private static final int MAX_WAIT_SECONDS = 20;

    static List<SourceSetting> settings() {
        List<SourceSetting> settings = new ArrayList<>();
        settings.add(SourceSetting.required(
                QUEUE_URL, "The URL of the SQS queue that receives the notifications of new CloudTrail files."));
        settings.addAll(AwsAccess.settings());
        settings.add(SourceSetting.optional(
                VISIBILITY_TIMEOUT,
                "Seconds a received message stays hidden while its files are read (2 to 43200,"
                        + " default 300); extended while a large file is read."));
        settings.add(SourceSetting.optional(
                WAIT_TIME_SECONDS, "Seconds one receive call waits for a message (0 to 20, default 20)."));
        return List.copyOf(settings);
    }

    static SqsSettings from(SourceConfig config) {
        String queueUrl = config.requiredSetting(QUEUE_URL);
        checkQueueUrl(queueUrl);
        AwsAccess access = AwsAccess.from(config);
        int visibility = seconds(config, VISIBILITY_TIMEOUT, DEFAULT_VISIBILITY_SECONDS, 2, MAX_VISIBILITY_SECONDS);
        int wait = seconds(config, WAIT_TIME_SECONDS, DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        return new SqsSettings(queueUrl, access, Duration.ofSeconds(visibility), Duration.ofSeconds(wait));
    }

    private static void checkQueueUrl(String queueUrl) {
        try {
            URI uri = new URI(queueUrl);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new InvalidSourceSettingsException("The setting queueUrl is not an http(s) URL: " + queueUrl);
            }
        } catch (URISyntaxException e) {
            throw new InvalidSourceSettingsException("The setting queueUrl is not a URL: " + queueUrl);
        }
    }

    private static int seconds(SourceConfig config, String name, int defaultValue, int min, int max) {
        String text = config.setting(name).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSourceSettingsException(
                "The setting " + name + " is a number of seconds from " + min + " to " + max + ": " + text);
    }
}
