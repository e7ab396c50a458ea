package io.hijackwatch.ingest;

/** The body, or what it decompresses to, is over its limit; answered with 413. */
public class BodyTooLargeException extends RuntimeException {

    BodyTooLargeException(String what, long limit) {
        super("The " + what + " is larger than the limit of " + limit + " bytes.");
    }
}
