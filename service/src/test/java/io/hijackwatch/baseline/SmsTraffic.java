package io.hijackwatch.baseline;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic Twilio message traffic in the shape the Twilio parser emits: weeks of an account's ordinary messages and
 * the bursts the tests inject into it.
 */
final class SmsTraffic {

    /** A Monday, so that hours of the week are easy to name. */
    static final Instant START = Instant.parse("2026-10-05T00:00:00Z");

    /** Where a message goes: country, number type, a number generator and the price of one segment. */
    record Destination(String country, String type, String callingCode, Double price) {}

    static final Destination US = new Destination("US", "mobile", "+1", 0.0079);
    static final Destination GB = new Destination("GB", "mobile", "+447", 0.0400);

    private final Random random;
    private final List<NormalizedEvent> events = new ArrayList<>();
    private static int sequence;

    SmsTraffic(long seed) {
        this.random = new Random(seed);
    }

    /** Ordinary traffic: about {@code perHour} messages an hour, four in five to the US and one to the UK. */
    SmsTraffic history(String account, Instant from, int days, int perHour) {
        for (int hour = 0; hour < days * 24; hour++) {
            Instant start = from.plus(Duration.ofHours(hour));
            int count = perHour - 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                Destination destination = random.nextInt(5) == 0 ? GB : US;
                add(account, start.plusSeconds(random.nextInt(3600)), randomNumber(destination), destination);
            }
        }
        return this;
    }

    /** {@code count} messages within one hour to random numbers of a destination. */
    SmsTraffic burst(String account, Instant hour, int count, Destination destination) {
        for (int i = 0; i < count; i++) {
            add(account, hour.plusSeconds(i * 3600L / count), randomNumber(destination), destination);
        }
        return this;
    }

    /** {@code count} messages within one hour to consecutive numbers starting at {@code first}. */
    SmsTraffic sequentialBurst(String account, Instant hour, int count, Destination destination, long first) {
        for (int i = 0; i < count; i++) {
            add(account, hour.plusSeconds(i * 3600L / count), "+" + (first + i), destination);
        }
        return this;
    }

    /**
     * {@code count} messages within one hour to {@code distinct} numbers of one prefix (the number without its last
     * three digits), spread over the prefix so that they are not sequential, all with one status.
     */
    SmsTraffic prefixBurst(
            String account,
            Instant hour,
            int count,
            Destination destination,
            String prefix,
            int distinct,
            String status) {
        for (int i = 0; i < count; i++) {
            Instant time = hour.plusSeconds(i * 3600L / count);
            String to = prefix + String.format("%03d", (i % distinct) * 37 % 1000);
            String sid = String.format("SM%032x", ++sequence);
            events.add(message(sid, account, time, to, destination, status, null, 1L, destination.price(), time));
        }
        return this;
    }

    List<NormalizedEvent> events() {
        return List.copyOf(events);
    }

    private void add(String account, Instant time, String to, Destination destination) {
        String sid = String.format("SM%032x", ++sequence);
        events.add(message(sid, account, time, to, destination, "delivered", null, 1L, destination.price(), time));
    }

    private String randomNumber(Destination destination) {
        StringBuilder number = new StringBuilder(destination.callingCode());
        number.append(2 + random.nextInt(8));
        for (int i = 0; i < 9; i++) {
            number.append(random.nextInt(10));
        }
        return number.toString();
    }

    /** One message record as the Twilio parser normalizes it. */
    static NormalizedEvent message(
            String sid,
            String account,
            Instant created,
            String to,
            Destination destination,
            String status,
            String errorCode,
            Long segments,
            Double price,
            Instant updated) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("status", status);
        attributes.put("to", to);
        attributes.put("from", "+15005550006");
        attributes.put("segments", segments);
        attributes.put("media", 0L);
        if (price != null) {
            attributes.put("price", price);
            attributes.put("priceUnit", "USD");
        }
        attributes.put("dateUpdated", updated.toString());
        attributes.put("toCountry", destination.country());
        attributes.put("toCallingCode", destination.callingCode());
        attributes.put("toType", destination.type());
        attributes.put("toPrefix", to.substring(0, to.length() - 3));
        attributes.put("toValid", true);
        boolean failed = "failed".equals(status) || "undelivered".equals(status);
        return new NormalizedEvent(
                Provider.TWILIO,
                sid,
                account,
                null,
                created,
                "twilio.messages",
                "outbound-api",
                null,
                null,
                null,
                failed ? Outcome.FAILURE : Outcome.SUCCESS,
                errorCode,
                to,
                attributes);
    }
}
