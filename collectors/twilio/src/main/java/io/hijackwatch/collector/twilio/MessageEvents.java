package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.json.InvalidRecordException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a Twilio message into the event SMS-pumping rules match on, the same whether it was parsed from an export or
 * read from the API.
 *
 * <p>A message is one event per reading, keyed by its SID: the same message read again later (with its price and
 * segment count filled in, or its status moved on from {@code queued}) is another event with the same id. Parsers
 * emit every reading and never merge them; the {@code twilio} source emits a reading again only when it changed. The
 * event store keeps the first reading of an id (docs/design-decisions.md, Twilio).
 */
final class MessageEvents {

    static final String SERVICE = "twilio.messages";
    static final String UNKNOWN_DIRECTION = "unknown";

    private static final int MAX_SID_CHARS = 64;
    private static final int MAX_TEXT_CHARS = 128;

    private MessageEvents() {}

    /** @throws InvalidRecordException when the message lacks its SID or creation time */
    static NormalizedEvent toEvent(TwilioMessage message) {
        String sid = required("sid", message.sid());
        if (sid.length() > MAX_SID_CHARS) {
            throw new InvalidRecordException("sid is longer than " + MAX_SID_CHARS + " characters");
        }
        if (message.dateCreated() == null) {
            throw new InvalidRecordException("date_created is missing");
        }
        Destination destination = Destinations.analyze(message.to());
        return new NormalizedEvent(
                Provider.TWILIO,
                sid,
                bounded(message.accountSid()),
                null,
                message.dateCreated(),
                SERVICE,
                direction(message.direction()),
                principal(message),
                null,
                null,
                outcome(message.status()),
                bounded(message.errorCode()),
                bounded(destination.e164()),
                attributes(message, destination));
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(name + " is missing");
        }
        return value.strip();
    }

    private static String direction(String direction) {
        return direction == null || direction.isBlank() ? UNKNOWN_DIRECTION : bounded(direction.strip());
    }

    private static String principal(TwilioMessage message) {
        String service = message.messagingServiceSid();
        return service != null && !service.isBlank() ? bounded(service) : bounded(message.from());
    }

    private static Outcome outcome(String status) {
        if (status == null) {
            return Outcome.SUCCESS;
        }
        String normalized = status.strip().toLowerCase(Locale.ROOT);
        return normalized.equals("failed") || normalized.equals("undelivered") ? Outcome.FAILURE : Outcome.SUCCESS;
    }

    private static Map<String, Object> attributes(TwilioMessage message, Destination destination) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        put(attributes, "status", bounded(message.status()));
        put(attributes, "to", bounded(destination.e164()));
        put(attributes, "from", bounded(message.from()));
        put(attributes, "messagingServiceSid", bounded(message.messagingServiceSid()));
        put(attributes, "segments", message.segments());
        put(attributes, "media", message.media());
        put(attributes, "price", Prices.cost(message.price()));
        put(attributes, "priceUnit", bounded(message.priceUnit()));
        put(
                attributes,
                "dateSent",
                message.dateSent() == null ? null : message.dateSent().toString());
        put(
                attributes,
                "dateUpdated",
                message.dateUpdated() == null ? null : message.dateUpdated().toString());
        put(attributes, "toCountry", destination.country());
        put(attributes, "toCallingCode", destination.callingCode());
        put(attributes, "toType", destination.type());
        put(attributes, "toPrefix", destination.prefix());
        put(attributes, "toValid", destination.valid());
        return attributes;
    }

    private static void put(Map<String, Object> attributes, String name, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            attributes.put(name, value);
        }
    }

    /** Text as given, cut so that a hostile export cannot make one event large. */
    static String bounded(String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        return stripped.length() <= MAX_TEXT_CHARS ? stripped : stripped.substring(0, MAX_TEXT_CHARS);
    }

    /** Prices as costs. */
    static final class Prices {

        private static final int MAX_PRICE_CHARS = 32;

        private Prices() {}

        /**
         * The cost as a positive number: Twilio writes what an account paid as a negative decimal ({@code
         * -0.00750}). {@code null} while the price is not known yet, or when it is no number.
         */
        static Double cost(String price) {
            if (price == null || price.isBlank() || price.length() > MAX_PRICE_CHARS) {
                return null;
            }
            try {
                return new BigDecimal(price.strip()).abs().doubleValue();
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
