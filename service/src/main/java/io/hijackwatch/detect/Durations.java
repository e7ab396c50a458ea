package io.hijackwatch.detect;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as rule files write them: {@code 30s}, {@code 10m}, {@code 6h}, {@code 14d}. */
final class Durations {

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,6})([smhd])");

    private Durations() {}

    static Duration parse(String text, String where) {
        Matcher matcher = SHAPE.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new RuleDefinitionException(
                    where + " must be a duration such as 30s, 10m, 6h or 14d, not '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
