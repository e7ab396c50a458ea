package io.hijackwatch.collector;

/**
 * A record that could not be turned into an event, and why. The rest of the input is still read.
 *
 * @param index the record's position in its input, counting from 0, in the order records appear
 * @param reason what was wrong, in words a person can act on
 */
public record Rejection(long index, String reason) {}
