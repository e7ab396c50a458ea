package io.hijackwatch.detect;

import java.time.Duration;
import java.util.List;

/** When matching events become a finding. */
sealed interface Mode {

    /** Every matching event is a finding. */
    record EveryEvent() implements Mode {}

    /** A detector written in code finds it; the engine never runs such a rule (see {@link CodeRules}). */
    record InCode() implements Mode {}

    /**
     * The first time a value, or a tuple of values, is seen for an account within the history window, once the
     * account has been watched for the learning period.
     */
    record NewTerms(List<Field> fields, Duration history, Duration learning) implements Mode {}

    /**
     * {@code threshold} matching events per group within the timespan; with {@code sum}, the total of that field's
     * values (an event without it counts 1) instead of the number of events.
     */
    record EventCount(List<Field> groupBy, Duration timespan, long threshold, Field sum) implements Mode {}

    /**
     * Matching events per group, counted in buckets (an hour, say): a finding when the current bucket's count reaches
     * {@code factor} times the busiest bucket of the history before it, and at least {@code minimum}, once the group
     * has been seen for the learning period. At most one finding per group and bucket.
     */
    record Baseline(
            List<Field> groupBy, Duration bucket, Duration history, Duration learning, double factor, long minimum)
            implements Mode {}

    /** {@code threshold} distinct values of a field per group within the timespan. */
    record ValueCount(List<Field> groupBy, Field field, Duration timespan, int threshold) implements Mode {}

    /**
     * The steps match in order, by events with the same key, all within the window of the first step. Each step has
     * its own key fields, so that two calls that name the same thing differently can be joined (a quota request's
     * {@code response.requestedQuota.id} and its approval's {@code serviceEvent.requestId}); usually they are the
     * same for every step.
     */
    record Sequence(Duration within, List<Step> steps) implements Mode {

        /** One step: what the event must be, and the fields that key it. */
        public record Step(Condition condition, List<Field> by) {}
    }
}
