package io.hijackwatch.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts the alerts opened, by rule and severity, for Prometheus ({@code hijackwatch_alerts_opened_total}). Counted
 * once the transaction that opened the alert commits, so a rolled-back request or a replayed batch counts nothing
 * twice.
 */
@Component
class AlertMetrics implements AlertChangeListener {

    private final MeterRegistry registry;

    AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onChange(AlertChange change) {
        if (!change.opened()) {
            return;
        }
        Counter opened = Counter.builder("hijackwatch.alerts.opened")
                .description("Alerts opened, by rule and severity")
                .tag("rule", change.after().ruleId())
                .tag("severity", change.after().severity().id())
                .register(registry);
        afterCommit(opened::increment);
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
