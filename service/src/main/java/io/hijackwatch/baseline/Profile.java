package io.hijackwatch.baseline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What is normal for one hourly series at one hour: the median of the same hour of the week in earlier weeks when at
 * least two weeks are known (a busy Monday 9:00 is normal when every Monday 9:00 is busy), else the median of every
 * earlier hour; and a robust spread (1.4826 MAD, at least the square root of the median, as counts vary that much by
 * chance).
 *
 * @param expected the normal value
 * @param spread the robust standard deviation
 * @param seasonal whether {@code expected} comes from the same hour of the week
 * @param samples how many values {@code expected} is the median of
 */
record Profile(double expected, double spread, boolean seasonal, int samples) {

    static final int MIN_SEASONAL_WEEKS = 2;

    /**
     * @param hours the series' hours between {@code since} and {@code hour} that hold anything
     * @param since the first hour the history covers (the account's first, or the start of the window)
     */
    static Profile of(Map<Instant, Tally> hours, Instant since, Instant hour, ToDoubleFunction<Tally> value) {
        List<Double> seasonal = new ArrayList<>();
        for (Instant week = hour.minus(Hours.WEEK); !week.isBefore(since); week = week.minus(Hours.WEEK)) {
            seasonal.add(valueAt(hours, week, value));
        }
        if (seasonal.size() >= MIN_SEASONAL_WEEKS) {
            double[] values = seasonal.stream().mapToDouble(Double::doubleValue).toArray();
            return new Profile(RobustStats.median(values), spread(values), true, values.length);
        }
        int count = (int) Math.max(0, Hours.between(since, hour));
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = valueAt(hours, since.plus(Hours.ONE.multipliedBy(i)), value);
        }
        return new Profile(RobustStats.median(values), spread(values), false, values.length);
    }

    /**
     * The least value that is far above normal: {@code ratio} times it, {@code deviations} spreads above it, and at
     * least {@code floor}.
     */
    double threshold(double ratio, double deviations, double floor) {
        return Math.max(floor, Math.max(ratio * expected, expected + deviations * spread));
    }

    String describe() {
        return seasonal
                ? "median of this hour of the week over " + samples + " weeks"
                : "median of " + samples + " earlier hours";
    }

    private static double spread(double[] values) {
        double median = RobustStats.median(values);
        return Math.max(RobustStats.MAD_TO_SIGMA * RobustStats.mad(values), Math.sqrt(median));
    }

    private static double valueAt(Map<Instant, Tally> hours, Instant hour, ToDoubleFunction<Tally> value) {
        Tally tally = hours.get(hour);
        return tally == null ? 0 : value.applyAsDouble(tally);
    }
}
