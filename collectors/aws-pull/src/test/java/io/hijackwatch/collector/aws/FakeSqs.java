package io.hijackwatch.collector.aws;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One SQS queue with SQS's delivery rules: a received message is hidden for its visibility timeout under a fresh
 * receipt handle, comes back when that runs out, and is gone only when deleted with its current handle. Answers
 * in the AWS JSON 1.0 protocol the SDK uses for SQS.
 */
public final class FakeSqs {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL_STEP = Duration.ofMillis(20);

    private final List<QueuedMessage> messages = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** A message in the queue and what happened to it. */
    public static final class QueuedMessage {
        public final String id;
        public final String body;
        public final Instant sentAt;
        public String receiptHandle;
        public Instant hiddenUntil = Instant.MIN;
        public int receives;
        public int visibilityChanges;
        public boolean deleted;
        public boolean deletedWhileHidden;

        QueuedMessage(String id, String body, Instant sentAt) {
            this.id = id;
            this.body = body;
            this.sentAt = sentAt;
        }
    }

    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer ok(String body) {
            return new Answer(200, Map.of(), body);
        }
    }

    public synchronized String send(String body) {
        String id = "message-" + ids.incrementAndGet();
        messages.add(new QueuedMessage(id, body, Instant.now()));
        return id;
    }

    public synchronized QueuedMessage message(String id) {
        return messages.stream().filter(m -> m.id.equals(id)).findFirst().orElseThrow();
    }

    public synchronized int remaining() {
        return (int) messages.stream().filter(m -> !m.deleted).count();
    }

    public Answer answer(String action, String body) {
        JsonNode request = JSON.readTree(body);
        return switch (action) {
            case "ReceiveMessage" -> receive(request);
            case "DeleteMessage" -> delete(request);
            case "ChangeMessageVisibility" -> changeVisibility(request);
            case "GetQueueAttributes" ->
                Answer.ok("{\"Attributes\":{\"ApproximateNumberOfMessages\":\"" + remaining() + "\"}}");
            default -> error("InvalidAction", "AWS.SimpleQueueService.InvalidAction", "unknown action " + action);
        };
    }

    private Answer receive(JsonNode request) {
        int max = request.path("MaxNumberOfMessages").asInt(1);
        Duration visibility =
                Duration.ofSeconds(request.path("VisibilityTimeout").asInt(30));
        Instant deadline =
                Instant.now().plusSeconds(request.path("WaitTimeSeconds").asInt(0));
        List<QueuedMessage> received = take(max, visibility);
        while (received.isEmpty() && Instant.now().isBefore(deadline)) {
            sleep(POLL_STEP);
            received = take(max, visibility);
        }
        ObjectNode response = JSON.createObjectNode();
        if (!received.isEmpty()) {
            ArrayNode array = response.putArray("Messages");
            received.forEach(message -> array.add(json(message)));
        }
        return Answer.ok(response.toString());
    }

    private synchronized List<QueuedMessage> take(int max, Duration visibility) {
        Instant now = Instant.now();
        List<QueuedMessage> taken = new ArrayList<>();
        for (QueuedMessage message : messages) {
            if (taken.size() < max && !message.deleted && !now.isBefore(message.hiddenUntil)) {
                message.receiptHandle = UUID.randomUUID().toString();
                message.hiddenUntil = now.plus(visibility);
                message.receives++;
                taken.add(message);
            }
        }
        return taken;
    }

    private static ObjectNode json(QueuedMessage message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("MessageId", message.id);
        node.put("ReceiptHandle", message.receiptHandle);
        node.put("MD5OfBody", md5(message.body));
        node.put("Body", message.body);
        node.putObject("Attributes").put("SentTimestamp", Long.toString(message.sentAt.toEpochMilli()));
        return node;
    }

    private synchronized Answer delete(JsonNode request) {
        QueuedMessage message = byHandle(request.path("ReceiptHandle").asString());
        if (message == null) {
            return error("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", "unknown receipt handle");
        }
        message.deleted = true;
        message.deletedWhileHidden = Instant.now().isBefore(message.hiddenUntil);
        return Answer.ok("{}");
    }

    private synchronized Answer changeVisibility(JsonNode request) {
        QueuedMessage message = byHandle(request.path("ReceiptHandle").asString());
        if (message == null || !Instant.now().isBefore(message.hiddenUntil)) {
            return error("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "not in flight");
        }
        message.hiddenUntil =
                Instant.now().plusSeconds(request.path("VisibilityTimeout").asInt());
        message.visibilityChanges++;
        return Answer.ok("{}");
    }

    private QueuedMessage byHandle(String handle) {
        return messages.stream()
                .filter(m -> !m.deleted && handle.equals(m.receiptHandle))
                .findFirst()
                .orElse(null);
    }

    public static Answer error(String type, String queryCode, String message) {
        return new Answer(
                400,
                Map.of("x-amzn-query-error", queryCode + ";Sender"),
                "{\"__type\":\"com.amazonaws.sqs#" + type + "\",\"message\":\"" + message + "\"}");
    }

    private static String md5(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
