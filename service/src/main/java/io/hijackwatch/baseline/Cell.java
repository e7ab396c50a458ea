package io.hijackwatch.baseline;

import java.time.Instant;

/** One hour of one key of one series of an account: the unit the aggregates are kept in. */
record Cell(String account, Series series, String key, Instant hour) {}
