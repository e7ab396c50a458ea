package io.hijackwatch.collector.azure;

/** A record that is valid JSON but not a usable Activity Log record; the message is the rejection reason. */
final class InvalidRecordException extends RuntimeException {

    InvalidRecordException(String reason) {
        super(reason, null, false, false);
    }
}
