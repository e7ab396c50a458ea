package io.hijackwatch.notify;

import java.util.Locale;

/** What happened to an alert that a channel may want to hear of. */
enum NotificationEvent {
    /** A new alert, not suppressed. */
    OPENED,
    /** An open alert's count crossed the channel's threshold, or its severity rose. */
    ESCALATED,
    /** An alert was resolved. */
    RESOLVED,
    /** A test send asked for through the API. */
    TEST;

    /** The name in channel settings: {@code opened}, {@code escalated}, {@code resolved}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code type} of a webhook payload: {@code alert.opened}, …, {@code notification.test}. */
    String type() {
        return this == TEST ? "notification.test" : "alert." + id();
    }

    static NotificationEvent fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
