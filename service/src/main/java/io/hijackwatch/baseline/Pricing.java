package io.hijackwatch.baseline;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The price per segment that estimates the cost of messages whose price is not in yet: the median of the hourly
 * price per segment in a history (hours with no priced segment left out).
 */
final class Pricing {

    private Pricing() {}

    static Optional<BigDecimal> perSegment(Tally current, Map<Instant, Tally> history) {
        if (current != null && current.pricedSegments() > 0) {
            return Optional.of(
                    current.cost().divide(BigDecimal.valueOf(current.pricedSegments()), 6, RoundingMode.HALF_UP));
        }
        double[] prices = history.values().stream()
                .filter(hour -> hour.pricedSegments() > 0)
                .mapToDouble(hour -> hour.cost().doubleValue() / hour.pricedSegments())
                .toArray();
        if (prices.length == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(RobustStats.median(prices)).setScale(6, RoundingMode.HALF_UP));
    }
}
