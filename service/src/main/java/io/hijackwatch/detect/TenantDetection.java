package io.hijackwatch.detect;

import io.hijackwatch.collector.NormalizedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs detection for a tenant inside the caller's transaction, so that the state it changes is written in the same
 * transaction as the events and alerts: a crash replays, and a replay of stored events never reaches here.
 *
 * <p>A tenant's state is cached in memory between requests. One transaction at a time works on a tenant (a lock in
 * this JVM and an advisory lock in PostgreSQL for other replicas); a cached copy older than the stored version, or
 * left by a transaction that rolled back, is read again.
 */
@Service
public class TenantDetection {

    private final DetectionEngine engine;
    private final DetectionStateStore store;
    private final TenantRuleSettings settings;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

    TenantDetection(DetectionEngine engine, DetectionStateStore store, TenantRuleSettings settings) {
        this.engine = engine;
        this.store = store;
        this.settings = settings;
    }

    /** A tenant's state held for one transaction. */
    public final class Session {
        private final long tenantId;
        private final Cached cached;
        private final Set<String> disabledRules;

        private Session(long tenantId, Cached cached, Set<String> disabledRules) {
            this.tenantId = tenantId;
            this.cached = cached;
            this.disabledRules = disabledRules;
        }

        /** Evaluates newly stored events, in time order, and returns their findings. */
        public List<Finding> evaluate(List<NormalizedEvent> events) {
            List<Finding> findings = new ArrayList<>();
            events.stream()
                    .sorted(Comparator.comparing(NormalizedEvent::time))
                    .forEach(event -> engine.evaluate(event, cached.state, disabledRules, findings::add));
            return findings;
        }

        /** Writes what changed; call once, before the transaction commits. */
        public void save() {
            DetectionState.Changes changes = cached.state.drainChanges();
            cached.version = store.write(tenantId, changes, cached.state.watermark());
        }
    }

    /** Must be called inside a transaction; the tenant is held until it ends. */
    public Session open(long tenantId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("detection runs inside the transaction that stores the events");
        }
        // PostgreSQL's lock first: a wait for it is one PostgreSQL's deadlock detection sees, and whoever holds the
        // lock in this JVM already holds it there, so the JVM's lock below waits only for a commit that is under way.
        store.lock(tenantId);
        ReentrantLock lock = locks.computeIfAbsent(tenantId, id -> new ReentrantLock());
        lock.lock();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    cache.remove(tenantId);
                }
                lock.unlock();
            }
        });

        long version = store.version(tenantId);
        Cached cached = cache.get(tenantId);
        if (cached == null || cached.version != version) {
            cached = new Cached(store.read(tenantId), version);
            cache.put(tenantId, cached);
        }
        return new Session(tenantId, cached, settings.disabledRules(tenantId));
    }

    private static final class Cached {
        final DetectionState state;
        long version;

        Cached(DetectionState state, long version) {
            this.state = state;
            this.version = version;
        }
    }
}
