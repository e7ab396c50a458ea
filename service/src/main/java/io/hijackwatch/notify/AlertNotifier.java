package io.hijackwatch.notify;

import io.hijackwatch.alert.Alert;
import io.hijackwatch.alert.AlertChange;
import io.hijackwatch.alert.AlertChangeListener;
import io.hijackwatch.alert.AlertStatus;
import org.springframework.stereotype.Component;

/**
 * Writes a notification to the outbox for every channel that wants to hear of an alert change, in the transaction
 * of the change: a crash after the alert is stored can no longer lose its notification.
 */
@Component
class AlertNotifier implements AlertChangeListener {

    private final ChannelStore channels;
    private final Outbox outbox;
    private final NotificationProperties properties;

    AlertNotifier(ChannelStore channels, Outbox outbox, NotificationProperties properties) {
        this.channels = channels;
        this.outbox = outbox;
        this.properties = properties;
    }

    @Override
    public void onChange(AlertChange change) {
        Alert alert = change.after();
        for (Channel channel : channels.enabled(change.tenantId())) {
            NotificationEvent event = event(change, channel);
            if (event != null && channel.events().contains(event) && channel.routes(alert)) {
                outbox.enqueue(
                        change.tenantId(),
                        channel.id(),
                        alert.id(),
                        event,
                        AlertPayload.of(alert, change.before(), properties.publicUrl()));
            }
        }
    }

    /** What the change is for this channel, or {@code null} when it is nothing to announce. */
    static NotificationEvent event(AlertChange change, Channel channel) {
        Alert before = change.before();
        Alert after = change.after();
        if (before == null) {
            return after.status() == AlertStatus.OPEN ? NotificationEvent.OPENED : null;
        }
        if (after.status() == AlertStatus.RESOLVED) {
            return before.status() != AlertStatus.RESOLVED ? NotificationEvent.RESOLVED : null;
        }
        boolean active = after.status() == AlertStatus.OPEN || after.status() == AlertStatus.ACKNOWLEDGED;
        boolean crossed = before.count() < channel.escalateAtCount() && after.count() >= channel.escalateAtCount();
        boolean rose = after.severity().compareTo(before.severity()) > 0;
        return active && before.status() == after.status() && (crossed || rose) ? NotificationEvent.ESCALATED : null;
    }
}
