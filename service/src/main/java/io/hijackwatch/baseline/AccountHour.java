package io.hijackwatch.baseline;

import java.time.Instant;
import java.util.List;

/**
 * An hour of an account (and a channel, for the volume detector) that a batch changed, with what a finding about it
 * needs from the batch.
 *
 * @param eventIds ids of the batch's events in that hour, the last few
 * @param time the latest event time of the batch in that hour
 * @param priceUnit the currency of the prices seen, when any
 * @param restatement whether the batch only changed messages already counted in that hour (later records of them),
 *     so that a finding about it judges the same hour again rather than something new
 */
record AccountHour(
        long tenantId,
        String account,
        String channel,
        Instant hour,
        List<String> eventIds,
        Instant time,
        String priceUnit,
        boolean restatement) {}
