package io.hijackwatch.collector.aws;

import java.util.List;

/**
 * What an SQS message announces.
 *
 * @param kind what the message is
 * @param objects the new objects to read, for {@link Kind#OBJECTS}
 * @param problem why the body is not understood, for {@link Kind#UNKNOWN}
 */
record Notification(Kind kind, List<S3Location> objects, String problem) {

    enum Kind {
        /** New objects: S3 event notifications or CloudTrail's own SNS notification. */
        OBJECTS,
        /** The {@code s3:TestEvent} S3 sends when notifications are set up, or an SNS subscription confirmation. */
        SETUP,
        /** Anything else. */
        UNKNOWN
    }

    static Notification objects(List<S3Location> objects) {
        return new Notification(Kind.OBJECTS, List.copyOf(objects), null);
    }

    static Notification setup() {
        return new Notification(Kind.SETUP, List.of(), null);
    }

    static Notification unknown(String problem) {
        return new Notification(Kind.UNKNOWN, List.of(), problem);
    }
}
