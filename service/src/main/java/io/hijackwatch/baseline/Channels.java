package io.hijackwatch.baseline;

import io.hijackwatch.collector.NormalizedEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which events are messages sent on a channel, for the volume baselines. A channel is {@code provider:service:action}
 * of the events that match one of the configured patterns. Twilio messages are counted from their message records
 * instead (see {@link SmsMessage#channel()}), so that a later record of a message is not a second message.
 *
 * <p>Records of SES event publishing carry an {@code eventType}: on a matching channel, {@code Send} counts as a
 * message, {@code Bounce} and {@code Complaint} as a bounce or complaint of the channel
 * {@code provider:service:events}, and the other types (Delivery, Open, Click, ...) are not counted.
 */
final class Channels {

    /** How an event counts on its channel. */
    enum Role {
        SEND,
        BOUNCE,
        COMPLAINT
    }

    /** An event's channel and how it counts there. */
    record Hit(String channel, Role role) {}

    private static final Map<String, Role> SES_EVENT_TYPES =
            Map.of("Send", Role.SEND, "Bounce", Role.BOUNCE, "Complaint", Role.COMPLAINT);
    private static final List<String> OTHER_SES_EVENT_TYPES =
            List.of("Delivery", "Reject", "Open", "Click", "RenderingFailure", "DeliveryDelay", "Subscription");

    private final List<Pattern> patterns;

    Channels(List<String> patterns) {
        this.patterns = patterns.stream().map(Channels::glob).toList();
    }

    Optional<Hit> classify(NormalizedEvent event) {
        if (SmsMessage.isMessage(event) || event.account() == null) {
            return Optional.empty();
        }
        String name = event.provider().id() + ":" + event.service() + ":" + event.action();
        if (patterns.stream().noneMatch(pattern -> pattern.matcher(name).matches())) {
            return Optional.empty();
        }
        Object eventType = event.attribute("eventType");
        if (eventType != null && SES_EVENT_TYPES.containsKey(eventType.toString())) {
            String channel = event.provider().id() + ":" + event.service() + ":events";
            return Optional.of(new Hit(channel, SES_EVENT_TYPES.get(eventType.toString())));
        }
        if (eventType != null && OTHER_SES_EVENT_TYPES.contains(eventType.toString())) {
            return Optional.empty();
        }
        return Optional.of(new Hit(name, Role.SEND));
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
