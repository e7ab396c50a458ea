package io.hijackwatch.alert;

/**
 * Hears of every alert that is opened, merged with new findings or given a new status, inside the transaction that
 * writes it: whatever a listener writes to the database commits or rolls back with the alert.
 */
public interface AlertChangeListener {

    void onChange(AlertChange change);
}
