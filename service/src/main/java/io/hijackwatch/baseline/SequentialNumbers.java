package io.hijackwatch.baseline;

import java.util.Collection;

/** Finds runs of numbers that follow each other closely, as generated lists of pumped numbers do. */
final class SequentialNumbers {

    private SequentialNumbers() {}

    /** The length of the longest run of numbers each at most {@code gap} above the one before, duplicates ignored. */
    static int longestRun(Collection<String> numbers, long gap) {
        long[] values = numbers.stream()
                .map(number -> number.replaceAll("[^0-9]", ""))
                .filter(digits -> !digits.isEmpty() && digits.length() <= 18)
                .mapToLong(Long::parseLong)
                .sorted()
                .distinct()
                .toArray();
        int longest = values.length == 0 ? 0 : 1;
        int run = 1;
        for (int i = 1; i < values.length; i++) {
            run = values[i] - values[i - 1] <= gap ? run + 1 : 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
