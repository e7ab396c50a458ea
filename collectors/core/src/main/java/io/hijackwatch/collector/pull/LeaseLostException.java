package io.hijackwatch.collector.pull;

/** Another replica holds the source now; the batch was not stored and the poll must end. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String message) {
        super(message);
    }
}
