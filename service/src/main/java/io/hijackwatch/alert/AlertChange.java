package io.hijackwatch.alert;

import java.util.Objects;

/**
 * An alert as it was before a change and as it is after, inside the transaction that made the change.
 *
 * @param tenantId whose alert it is
 * @param before the alert as stored before; {@code null} when the change opened it
 * @param after the alert as stored now, with its id
 */
public record AlertChange(long tenantId, Alert before, Alert after) {

    public AlertChange {
        Objects.requireNonNull(after, "after");
    }

    public boolean opened() {
        return before == null;
    }
}
