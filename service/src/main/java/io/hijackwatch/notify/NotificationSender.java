package io.hijackwatch.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Renders a notification for its channel and posts it. */
@Component
class NotificationSender {

    private final ReceiverClient client;
    private final JsonMapper json;
    private final Clock clock;

    NotificationSender(ReceiverClient client, JsonMapper json, Clock clock) {
        this.client = client;
        this.json = json;
        this.clock = clock;
    }

    ReceiverClient.Response send(
            Channel channel, String messageId, NotificationEvent event, Instant created, Map<String, Object> data) {
        if (channel.type() == ChannelType.SLACK) {
            return client.post(channel.url(), Map.of(), json.writeValueAsBytes(SlackMessage.of(event, data)));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", event.type());
        payload.put("timestamp", created.toString());
        payload.put("data", data);
        byte[] body = json.writeValueAsBytes(payload);
        Instant now = clock.instant();
        return client.post(
                channel.url(), WebhookSigner.headers(messageId, now, body, channel.signingSecrets(now)), body);
    }
}
