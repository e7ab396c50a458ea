package io.hijackwatch.collector;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the timestamps that audit logs and the tools that export them actually write.
 *
 * <p>Accepted: ISO 8601 with {@code Z} or an offset and any fraction ({@code 2024-12-16T18:41:07Z}, {@code
 * 2024-12-16T18:41:07.123456+01:00}), and the same with a space instead of {@code T} and no zone, read as UTC
 * ({@code 2024-12-16 18:41:07.000000000}), as some export tools write it. The common shapes are read without the
 * general-purpose formatter, which costs more than the rest of a record.
 */
public final class Timestamps {

    private static final int MAX_OFFSET_MINUTES = 18 * 60;

    private Timestamps() {}

    /**
     * @throws DateTimeException when the text is not a timestamp in one of the accepted shapes
     */
    public static Instant parse(String text) {
        Instant fast = parseCommonShape(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new DateTimeException("not a timestamp: '" + abbreviate(text) + "'");
        }
    }

    private static Instant parseCommonShape(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        char separator = s.charAt(10);
        if (separator != 'T' && separator != ' ' && separator != 't') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }

        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int scale = 100_000_000;
            i++;
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                if (scale > 0) {
                    nanos += (s.charAt(i) - '0') * scale;
                    scale /= 10;
                }
                i++;
            }
            if (i == start) {
                return null;
            }
        }

        int offsetSeconds;
        if (i == n) {
            offsetSeconds = 0;
        } else if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int offsetHours = digits(s, i + 1, 2);
            int offsetMinutes = digits(s, i + 4, 2);
            if ((offsetHours | offsetMinutes) < 0
                    || offsetMinutes > 59
                    || offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }

        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
