package io.hijackwatch.baseline;

import java.math.BigDecimal;

/**
 * What one hour of one series holds, or what a message or event adds to it (negative when a later record of a
 * message replaces what an earlier one added).
 *
 * @param blocked messages the provider's fraud guard blocked
 * @param premium messages to premium-rate or shared-cost numbers
 * @param cost the sum of the prices seen
 * @param pricedSegments the segments whose price is known, for the price per segment
 * @param numbers distinct destination numbers (prefix series only; counted, not added)
 */
record Tally(
        long messages,
        long segments,
        long failures,
        long blocked,
        long premium,
        long bounces,
        long complaints,
        BigDecimal cost,
        long pricedSegments,
        long numbers) {

    static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0);

    Tally plus(Tally other) {
        return new Tally(
                messages + other.messages,
                segments + other.segments,
                failures + other.failures,
                blocked + other.blocked,
                premium + other.premium,
                bounces + other.bounces,
                complaints + other.complaints,
                cost.add(other.cost),
                pricedSegments + other.pricedSegments,
                numbers + other.numbers);
    }

    Tally negated() {
        return new Tally(
                -messages,
                -segments,
                -failures,
                -blocked,
                -premium,
                -bounces,
                -complaints,
                cost.negate(),
                -pricedSegments,
                -numbers);
    }

    boolean isZero() {
        return messages == 0
                && segments == 0
                && failures == 0
                && blocked == 0
                && premium == 0
                && bounces == 0
                && complaints == 0
                && cost.signum() == 0
                && pricedSegments == 0;
    }

    /** The segments a message count stands for when the provider has not said yet (it can start at 0). */
    long billableSegments() {
        return Math.max(segments, messages);
    }

    long unpricedSegments() {
        return Math.max(0, billableSegments() - pricedSegments);
    }
}
