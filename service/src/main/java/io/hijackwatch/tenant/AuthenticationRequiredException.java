package io.hijackwatch.tenant;

/** No key, an unknown key, an expired or a revoked one; answered with 401 and nothing about why beyond that. */
public class AuthenticationRequiredException extends RuntimeException {

    public AuthenticationRequiredException(String message) {
        super(message);
    }
}
