package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.Timestamps;
import io.hijackwatch.collector.json.InvalidRecordException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Reads the times Twilio writes: RFC 2822 in the REST API ({@code Mon, 16 Dec 2024 03:10:00 +0000}), ISO 8601 in
 * Bulk Export files and most spreadsheets ({@code 2024-12-16T03:10:00Z}, {@code 2024-12-16 03:10:00}, read as UTC),
 * the same followed by {@code UTC} or {@code GMT}, and a bare date, read as its first moment in UTC.
 */
final class TwilioTimes {

    private static final int MAX_CHARS = 64;
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

    private TwilioTimes() {}

    /**
     * @param name the field, for the reason of a rejection
     * @return the instant, or {@code null} for empty text
     * @throws InvalidRecordException when the text is no time in a known shape
     */
    static Instant parse(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (value.length() > MAX_CHARS) {
            throw new InvalidRecordException(name + " is too long to be a time");
        }
        Instant instant = tryParse(value);
        if (instant == null) {
            throw new InvalidRecordException(name + " is not a time in RFC 2822 or ISO 8601: '" + value + "'");
        }
        return instant;
    }

    private static Instant tryParse(String value) {
        if (!value.isEmpty() && Character.isLetter(value.charAt(0))) {
            return rfc2822(value);
        }
        String withoutZoneName = stripZoneName(value);
        if (withoutZoneName.length() == 10) {
            return date(withoutZoneName);
        }
        try {
            return Timestamps.parse(withoutZoneName);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Instant rfc2822(String value) {
        try {
            return RFC_2822.parse(value, Instant::from);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String stripZoneName(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        if (upper.endsWith(" UTC") || upper.endsWith(" GMT")) {
            return value.substring(0, value.length() - 4).strip();
        }
        return value;
    }

    private static Instant date(String value) {
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
