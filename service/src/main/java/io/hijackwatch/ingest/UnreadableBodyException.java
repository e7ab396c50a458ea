package io.hijackwatch.ingest;

/** The body could not be read to its end, such as a truncated gzip stream; answered with 400, nothing stored. */
public class UnreadableBodyException extends RuntimeException {

    UnreadableBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
