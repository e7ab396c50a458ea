package io.hijackwatch.database;

import java.util.OptionalLong;

/**
 * The tenant the current thread works for. While a scope is open, every database connection the thread takes runs
 * under PostgreSQL row-level security for that tenant (see {@link TenantScopedDataSource}), so a query that forgot
 * its tenant filter still sees only the tenant's rows.
 */
public final class TenantScope implements AutoCloseable {

    private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

    private final Long previous;

    private TenantScope(Long previous) {
        this.previous = previous;
    }

    /** Opens a scope for the tenant on this thread; close it to return to what was there before. */
    public static TenantScope enter(long tenantId) {
        TenantScope scope = new TenantScope(CURRENT.get());
        CURRENT.set(tenantId);
        return scope;
    }

    public static OptionalLong current() {
        Long tenant = CURRENT.get();
        return tenant == null ? OptionalLong.empty() : OptionalLong.of(tenant);
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
