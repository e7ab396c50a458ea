package io.hijackwatch.baseline;

import java.util.Arrays;

/** Median and median absolute deviation: statistics that a few wild values in a history cannot drag along. */
final class RobustStats {

    /** The factor that makes the MAD estimate the standard deviation of normally distributed values. */
    static final double MAD_TO_SIGMA = 1.4826;

    private RobustStats() {}

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double mad(double[] values) {
        double median = median(values);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return median(deviations);
    }
}
