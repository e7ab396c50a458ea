package io.hijackwatch.collector.gcp;

import java.util.List;

/**
 * The names of the canonical gRPC status codes that {@code protoPayload.status.code} holds (see {@code
 * google.rpc.Code}). Rules match on the name, which is what Google's documentation and error messages use.
 */
final class StatusCodes {

    private static final List<String> NAMES = List.of(
            "OK",
            "CANCELLED",
            "UNKNOWN",
            "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED",
            "NOT_FOUND",
            "ALREADY_EXISTS",
            "PERMISSION_DENIED",
            "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION",
            "ABORTED",
            "OUT_OF_RANGE",
            "UNIMPLEMENTED",
            "INTERNAL",
            "UNAVAILABLE",
            "DATA_LOSS",
            "UNAUTHENTICATED");

    private StatusCodes() {}

    /** The code's name, or the number as text when it is not a canonical code. */
    static String name(long code) {
        return code >= 0 && code < NAMES.size() ? NAMES.get((int) code) : Long.toString(code);
    }
}
