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
 */
record AccountHour(
        long tenantId,
        String account,
        String channel,
        Instant hour,
        List<String> eventIds,
        Instant time,
        String priceUnit) {}
