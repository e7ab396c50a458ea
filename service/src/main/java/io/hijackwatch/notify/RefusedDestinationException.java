package io.hijackwatch.notify;

import java.net.UnknownHostException;

/**
 * A notification URL, or an address its host resolves to, that notifications may not go to. It is an {@link
 * UnknownHostException} so that the HTTP client's name resolution can throw it: the connection is then never made.
 */
final class RefusedDestinationException extends UnknownHostException {

    RefusedDestinationException(String message) {
        super(message);
    }
}
