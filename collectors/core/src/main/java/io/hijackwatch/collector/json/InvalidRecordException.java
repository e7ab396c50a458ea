package io.hijackwatch.collector.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/** A record that cannot become an event; the message is the rejection reason, in words a person can act on. */
public final class InvalidRecordException extends RuntimeException {

    private static final int MAX_REASON_CHARS = 300;

    public InvalidRecordException(String reason) {
        super(reason, null, false, false);
    }

    /**
     * A reason for JSON that does not parse, with the byte where parsing stopped when Jackson knows it.
     *
     * @param prefix what was invalid, such as {@code invalid JSON}
     * @param within what the byte offset counts from, such as {@code the record}
     */
    public static String invalidJson(String prefix, String within, JacksonException e) {
        StringBuilder reason = new StringBuilder(prefix);
        TokenStreamLocation location = e.getLocation();
        if (location != null && location.getByteOffset() >= 0) {
            reason.append(" at byte ")
                    .append(location.getByteOffset())
                    .append(" of ")
                    .append(within);
        }
        String message = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ");
        reason.append(": ").append(message);
        return reason.length() <= MAX_REASON_CHARS ? reason.toString() : reason.substring(0, MAX_REASON_CHARS) + "...";
    }
}
