package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reads CloudTrail files as SQS announces them: receives up to ten notifications, streams each announced file from
 * S3 through the CloudTrail parser, commits its events in batches, and deletes a message only once everything it
 * announced is committed. The queue is its own cursor; the stored cursor only records when the last message was
 * sent, for the lag.
 */
final class SqsCollector implements SourceCollector {

    private static final Logger log = LoggerFactory.getLogger(SqsCollector.class);
    private static final int MAX_MESSAGES = 10;
    private static final int CURSOR_VERSION = 1;
    private static final String SENT_AT = "sentAt";
    private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(30);

    private final SourceConfig config;
    private final SqsSettings settings;
    private final int batchSize;
    private Connection connection;

    SqsCollector(SourceConfig config, SqsSettings settings, int batchSize) {
        this.config = config;
        this.settings = settings;
        this.batchSize = batchSize;
    }

    @Override
    public PollResult poll(Cursor cursor, BatchSink sink) throws CollectorException {
        Connection connection = connection();
        List<Message> messages = receive(connection);
        long events = 0;
        Cursor current = cursor;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            try {
                events += handle(connection, message, current, sink);
            } catch (CollectorException | RuntimeException e) {
                release(connection, messages.subList(i + 1, messages.size()));
                throw e;
            }
            current = cursorAfter(message, current);
            if (sink.stopRequested() && i + 1 < messages.size()) {
                release(connection, messages.subList(i + 1, messages.size()));
                return new PollResult(events, true);
            }
        }
        return new PollResult(events, !messages.isEmpty());
    }

    @Override
    public String testConnection() throws CollectorException {
        GetQueueAttributesResponse attributes;
        try {
            attributes = connection()
                    .sqs
                    .getQueueAttributes(request -> request.queueUrl(settings.queueUrl())
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        } catch (SdkException e) {
            throw AwsErrors.toCollectorException("GetQueueAttributes on " + settings.queueUrl(), e);
        }
        String waiting = attributes.attributes().getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "?");
        return "Reached the SQS queue " + settings.queueUrl() + "; about " + waiting + " messages are waiting.";
    }

    private List<Message> receive(Connection connection) throws CollectorException {
        try {
            return connection
                    .sqs
                    .receiveMessage(request -> request.queueUrl(settings.queueUrl())
                            .maxNumberOfMessages(MAX_MESSAGES)
                            .waitTimeSeconds((int) settings.waitTime().toSeconds())
                            .visibilityTimeout(
                                    (int) settings.visibilityTimeout().toSeconds())
                            .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP))
                    .messages();
        } catch (SdkException e) {
            throw AwsErrors.toCollectorException("ReceiveMessage on " + settings.queueUrl(), e);
        }
    }

    /** Reads what one message announces, commits it and deletes the message; returns the events committed. */
    private long handle(Connection connection, Message message, Cursor cursor, BatchSink sink)
            throws CollectorException {
        Notification notification = Notifications.read(message.body());
        if (notification.kind() == Notification.Kind.SETUP) {
            log.info("Deleting set-up message {} (an S3 test event or SNS confirmation).", message.messageId());
            delete(connection, message);
            return 0;
        }
        BatchBuffer buffer = new BatchBuffer(
                sink, batchSize, cursorAfter(message, cursor), sentAt(message).orElse(null));
        try (VisibilityHeartbeat heartbeat = VisibilityHeartbeat.start(
                connection.scheduler,
                connection.sqs,
                settings.queueUrl(),
                message.messageId(),
                message.receiptHandle(),
                settings.visibilityTimeout())) {
            read(connection, message, notification, buffer);
            buffer.flush();
        }
        delete(connection, message);
        log.debug(
                "Read message {}: {} events from {} files.",
                message.messageId(),
                buffer.committedEvents(),
                notification.objects().size());
        return buffer.committedEvents();
    }

    private void read(Connection connection, Message message, Notification notification, BatchBuffer buffer)
            throws CollectorException {
        if (notification.kind() == Notification.Kind.UNKNOWN) {
            log.warn(
                    "Message {} is not understood ({}); it is recorded as rejected and deleted.",
                    message.messageId(),
                    notification.problem());
            buffer.reject(new Rejection(
                    0, "SQS message " + message.messageId() + " was deleted unread: " + notification.problem()));
            return;
        }
        for (S3Location location : notification.objects()) {
            connection.files.read(location, buffer);
        }
    }

    private void delete(Connection connection, Message message) throws CollectorException {
        try {
            connection.sqs.deleteMessage(
                    request -> request.queueUrl(settings.queueUrl()).receiptHandle(message.receiptHandle()));
            log.debug("Deleted message {}.", message.messageId());
        } catch (SdkException e) {
            throw AwsErrors.toCollectorException("DeleteMessage on " + settings.queueUrl(), e);
        }
    }

    /** Makes messages this poll will not read visible again at once, rather than after their timeout. */
    private void release(Connection connection, List<Message> messages) {
        for (Message message : messages) {
            try {
                connection.sqs.changeMessageVisibility(request -> request.queueUrl(settings.queueUrl())
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
            } catch (SdkException e) {
                log.warn(
                        "Could not hand message {} back to the queue; it returns after its visibility timeout: {}",
                        message.messageId(),
                        AwsErrors.shorten(e.getMessage()));
            }
        }
    }

    private static Cursor cursorAfter(Message message, Cursor cursor) {
        return sentAt(message)
                .map(sent -> Cursor.of(CURSOR_VERSION, Map.of(SENT_AT, sent.toString())))
                .orElse(cursor);
    }

    private static Optional<Instant> sentAt(Message message) {
        String millis = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        try {
            return Optional.ofNullable(millis).map(Long::parseLong).map(Instant::ofEpochMilli);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Connection connection() throws CollectorException {
        if (connection == null) {
            connection = new Connection(config, settings);
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** The SDK clients and the heartbeat thread, made on the first poll. */
    private static final class Connection implements AutoCloseable {

        private final AwsClients clients;
        private final SqsClient sqs;
        private final TrailFileReader files;
        private final ScheduledExecutorService scheduler;

        Connection(SourceConfig config, SqsSettings settings) throws CollectorException {
            this.clients = AwsClients.connect(
                    settings.access(),
                    config.secrets(),
                    config.environment(),
                    settings.waitTime().plus(READ_TIMEOUT_MARGIN),
                    SessionNames.of(config.sourceId()));
            this.sqs = clients.build(SqsClient.builder(), "sqs");
            S3Client s3 = clients.build(
                    S3Client.builder().forcePathStyle(clients.endpoint("s3").isPresent()), "s3");
            this.files = new TrailFileReader(s3);
            this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sqs-visibility-" + config.sourceId());
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public void close() {
            scheduler.shutdownNow();
            sqs.close();
            files.close();
            clients.close();
        }
    }
}
