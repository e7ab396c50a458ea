package io.hijackwatch.collector.gcp.pull;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A span of entry timestamps read in one poll, from {@code start} (inclusive) to {@code end} (exclusive).
 *
 * @param start the earliest timestamp read
 * @param end the first timestamp not read
 * @param capped whether the window was cut short at the longest span one poll reads, so more is waiting
 */
record ReadWindow(Instant start, Instant end, boolean capped) {

    /**
     * The window that follows a cursor: from the cursor's end less the overlap (or the initial lookback for a new
     * source) to now less the settle delay, at most {@code maxWindow} long. Empty when there is nothing to read yet.
     */
    static ReadWindow after(Instant start, Instant now, Pacing pacing) {
        Instant settled = now.minus(pacing.settleDelay());
        Instant limit = start.plus(pacing.maxWindow());
        return limit.isBefore(settled) ? new ReadWindow(start, limit, true) : new ReadWindow(start, settled, false);
    }

    boolean isEmpty() {
        return !start.isBefore(end);
    }

    Duration length() {
        return Duration.between(start, end);
    }

    /**
     * The Cloud Logging filter for the project's chosen audit logs within the window. Timestamps are RFC 3339 in UTC,
     * and the logs are compared by full name, which Cloud Logging answers from its index.
     */
    String filter(String projectId, Set<AuditLogStream> logs) {
        String logNames = logs.stream()
                .sorted(Comparator.naturalOrder())
                .map(log -> "logName=\"" + log.logName(projectId) + "\"")
                .collect(Collectors.joining(" OR ", "(", ")"));
        return logNames + " AND timestamp >= \"" + start + "\" AND timestamp < \"" + end + "\"";
    }
}
