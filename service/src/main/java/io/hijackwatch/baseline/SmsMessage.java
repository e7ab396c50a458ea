package io.hijackwatch.baseline;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Provider;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A Twilio message as the baselines know it: the fields of the latest record of its sid, with the price and segments
 * an earlier or later record knew when the latest does not.
 *
 * @param destination the number sent to, in E.164
 * @param prefix the destination without its last three digits
 * @param numberType libphonenumber's type of the destination, as the parser names it ({@code premium_rate}, ...)
 */
record SmsMessage(
        String sid,
        String account,
        String direction,
        String destination,
        String country,
        String numberType,
        String prefix,
        String status,
        String errorCode,
        int segments,
        BigDecimal price,
        String priceUnit,
        Instant created,
        Instant sent,
        Instant updated) {

    static final String SERVICE = "twilio.messages";
    static final String UNKNOWN = "unknown";
    private static final Set<String> FAILED = Set.of("failed", "undelivered");
    private static final Set<String> PREMIUM = Set.of("premium_rate", "shared_cost");

    static boolean isMessage(NormalizedEvent event) {
        return event.provider() == Provider.TWILIO && SERVICE.equals(event.service()) && event.account() != null;
    }

    static SmsMessage of(NormalizedEvent event) {
        String destination = text(event, "to", event.resource());
        return new SmsMessage(
                event.eventId(),
                event.account(),
                event.action(),
                destination,
                country(event),
                text(event, "toType", UNKNOWN),
                text(event, "toPrefix", prefixOf(destination)),
                text(event, "status", null),
                event.errorCode(),
                (int) Math.min(Integer.MAX_VALUE, Math.max(0, number(event, "segments"))),
                price(event),
                text(event, "priceUnit", null),
                event.time(),
                instant(event.attribute("dateSent")),
                instant(event.attribute("dateUpdated")));
    }

    boolean outbound() {
        return direction != null && direction.startsWith("outbound");
    }

    boolean failed() {
        return status != null && FAILED.contains(status);
    }

    boolean premium() {
        return PREMIUM.contains(numberType);
    }

    Instant hour() {
        return created.truncatedTo(ChronoUnit.HOURS);
    }

    String channel() {
        return "twilio:" + SERVICE + ":" + direction;
    }

    /**
     * This message with a later or earlier record of it taken in. The newer record (by {@code dateUpdated}) wins
     * field by field where it knows the field; taking in the same record twice changes nothing.
     */
    SmsMessage merge(SmsMessage other) {
        boolean otherIsNewer = other.updated != null && (updated == null || !other.updated.isBefore(updated));
        SmsMessage newer = otherIsNewer ? other : this;
        SmsMessage older = otherIsNewer ? this : other;
        return new SmsMessage(
                sid,
                account,
                direction,
                destination,
                country,
                numberType,
                prefix,
                newer.status != null ? newer.status : older.status,
                newer.status != null ? newer.errorCode : older.errorCode,
                newer.segments > 0 ? newer.segments : older.segments,
                newer.price != null ? newer.price : older.price,
                newer.price != null ? newer.priceUnit : older.priceUnit,
                created,
                newer.sent != null ? newer.sent : older.sent,
                newer.updated != null ? newer.updated : older.updated);
    }

    /** What this message adds to an hourly series; nothing unless it was sent out. */
    Tally tally(Set<String> fraudGuardCodes) {
        if (!outbound()) {
            return Tally.ZERO;
        }
        return new Tally(
                1,
                segments,
                failed() ? 1 : 0,
                errorCode != null && fraudGuardCodes.contains(errorCode) ? 1 : 0,
                premium() ? 1 : 0,
                0,
                0,
                price == null ? BigDecimal.ZERO : price,
                price == null ? 0 : Math.max(1, segments),
                0);
    }

    boolean sameAs(SmsMessage other) {
        return other != null
                && Objects.equals(status, other.status)
                && Objects.equals(errorCode, other.errorCode)
                && segments == other.segments
                && samePrice(price, other.price)
                && Objects.equals(sent, other.sent)
                && Objects.equals(updated, other.updated);
    }

    private static boolean samePrice(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static String prefixOf(String destination) {
        if (destination == null || destination.length() <= 4) {
            return UNKNOWN;
        }
        return destination.substring(0, destination.length() - 3);
    }

    private static String text(NormalizedEvent event, String name, String fallback) {
        Object value = event.attribute(name);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    private static String country(NormalizedEvent event) {
        String country = text(event, "toCountry", UNKNOWN);
        return country.equalsIgnoreCase(UNKNOWN) ? UNKNOWN : country.toUpperCase(Locale.ROOT);
    }

    private static long number(NormalizedEvent event, String name) {
        Object value = event.attribute(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return value == null ? 0 : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Twilio writes prices as negative strings; the parser makes them positive numbers. Either is taken. */
    private static BigDecimal price(NormalizedEvent event) {
        Object value = event.attribute("price");
        try {
            BigDecimal price = value instanceof Number number
                    ? new BigDecimal(number.toString())
                    : value == null ? null : new BigDecimal(value.toString().trim());
            return price == null ? null : price.abs();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Twilio's own date format, should a record reach here unconverted. */
    private static Instant rfc1123(String value) {
        try {
            return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            return rfc1123(value.toString());
        }
    }
}
