package io.hijackwatch.source;

/**
 * What the replica tells one running poll, from other threads: stop after the current batch (shutting down, or the
 * source was paused, changed or deleted), and whether the lease is gone.
 */
final class PollControl {

    private volatile boolean stop;
    private volatile boolean reopen;
    private volatile boolean leaseLost;

    /** @param reopen whether the collector is stale (paused, changed or deleted source) and must be closed */
    void requestStop(boolean reopen) {
        this.stop = true;
        this.reopen |= reopen;
    }

    void leaseLost(boolean lost) {
        if (lost) {
            this.leaseLost = true;
            requestStop(true);
        }
    }

    boolean stopRequested() {
        return stop;
    }

    boolean reopen() {
        return reopen;
    }

    boolean leaseLost() {
        return leaseLost;
    }
}
