package io.hijackwatch.detect;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** A test of one value of a field. Text operators compare the value's text; number operators its numeric value. */
@FunctionalInterface
interface ValueMatcher {

    boolean matches(Object value);

    static ValueMatcher equalsAny(List<String> candidates, boolean ignoreCase) {
        if (ignoreCase) {
            Set<String> lower =
                    Set.copyOf(candidates.stream().map(ValueMatcher::lower).toList());
            return value -> lower.contains(lower(text(value)));
        }
        Set<String> exact = Set.copyOf(candidates);
        return value -> exact.contains(text(value));
    }

    static ValueMatcher prefix(List<String> prefixes, boolean ignoreCase) {
        return textTest(prefixes, ignoreCase, (text, prefix) -> text.startsWith(prefix));
    }

    static ValueMatcher suffix(List<String> suffixes, boolean ignoreCase) {
        return textTest(suffixes, ignoreCase, (text, suffix) -> text.endsWith(suffix));
    }

    static ValueMatcher contains(List<String> parts, boolean ignoreCase) {
        return textTest(parts, ignoreCase, String::contains);
    }

    static ValueMatcher regex(String expression, boolean ignoreCase) {
        Pattern pattern = Pattern.compile(expression, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        return value -> pattern.matcher(text(value)).find();
    }

    static ValueMatcher compare(BigDecimal bound, Predicate<Integer> comparisonHolds) {
        return value -> {
            BigDecimal number = number(value);
            return number != null && comparisonHolds.test(number.compareTo(bound));
        };
    }

    private static ValueMatcher textTest(
            List<String> operands, boolean ignoreCase, java.util.function.BiPredicate<String, String> test) {
        List<String> prepared =
                ignoreCase ? operands.stream().map(ValueMatcher::lower).toList() : operands;
        return value -> {
            String text = ignoreCase ? lower(text(value)) : text(value);
            for (String operand : prepared) {
                if (test.test(text, operand)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static String text(Object value) {
        return value instanceof String s ? s : String.valueOf(value);
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** The value as a number: numbers as they are, text when it reads as a number, anything else {@code null}. */
    static BigDecimal number(Object value) {
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s && !s.isBlank() && s.length() <= 64) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
