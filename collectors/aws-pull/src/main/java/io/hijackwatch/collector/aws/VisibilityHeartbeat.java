package io.hijackwatch.collector.aws;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Keeps one received message hidden while its files are read: every half visibility timeout it sets the timeout
 * afresh, so that a large file or a slow commit does not let another consumer receive the message meanwhile.
 */
final class VisibilityHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VisibilityHeartbeat.class);

    private final ScheduledFuture<?> beat;

    private VisibilityHeartbeat(ScheduledFuture<?> beat) {
        this.beat = beat;
    }

    static VisibilityHeartbeat start(
            ScheduledExecutorService scheduler,
            SqsClient sqs,
            String queueUrl,
            String messageId,
            String receiptHandle,
            Duration visibility) {
        long periodMillis = visibility.toMillis() / 2;
        int seconds = (int) visibility.toSeconds();
        Runnable extend = () -> extend(sqs, queueUrl, messageId, receiptHandle, seconds);
        return new VisibilityHeartbeat(
                scheduler.scheduleAtFixedRate(extend, periodMillis, periodMillis, TimeUnit.MILLISECONDS));
    }

    private static void extend(SqsClient sqs, String queueUrl, String messageId, String receiptHandle, int seconds) {
        try {
            sqs.changeMessageVisibility(request ->
                    request.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
            log.debug("Kept message {} hidden for {} more seconds.", messageId, seconds);
        } catch (SdkException e) {
            log.warn(
                    "Could not extend the visibility of message {}; it may be delivered again: {}",
                    messageId,
                    AwsErrors.shorten(e.getMessage()));
        }
    }

    @Override
    public void close() {
        beat.cancel(false);
    }
}
