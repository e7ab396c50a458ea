package io.hijackwatch.tenant;

/** A valid key whose role does not allow the request; answered with 403. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
