package io.hijackwatch.ingest;

import org.springframework.http.HttpStatus;

/** A request the ingestion endpoint refuses before reading its body, with the status to answer. */
public class IngestRequestException extends RuntimeException {

    private final HttpStatus status;

    IngestRequestException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
