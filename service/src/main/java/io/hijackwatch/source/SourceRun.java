package io.hijackwatch.source;

import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One poll of one claimed source, from opening (or reusing) its collector to giving the lease up with the outcome:
 * the next poll time, the status and the error a person should see.
 */
final class SourceRun {

    private static final Logger log = LoggerFactory.getLogger(SourceRun.class);

    private final SourceRuntime runtime;
    private final Source source;
    private final Lease lease;
    private final OpenCollectors collectors;
    private final Progress progress;
    private final PollControl control = new PollControl();

    SourceRun(SourceRuntime runtime, SourceStore.Claim claim, OpenCollectors collectors, Progress progress) {
        this.runtime = runtime;
        this.source = claim.source();
        this.lease = claim.lease();
        this.collectors = collectors;
        this.progress = progress;
    }

    long sourceId() {
        return source.id();
    }

    PollControl control() {
        return control;
    }

    /** Polls the source with its MDC keys set; returns whether it has more waiting. */
    boolean run() {
        MDC.put("tenant", Long.toString(source.tenantId()));
        MDC.put("source", Long.toString(source.id()));
        MDC.put("kind", source.kind());
        try {
            return poll();
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record the outcome of a poll; this replica takes the source up again once it can: {}",
                    e.getMessage());
            return false;
        } finally {
            MDC.remove("tenant");
            MDC.remove("source");
            MDC.remove("kind");
        }
    }

    /** Asks the lease to last longer; stops the poll when it is gone or the source was paused or changed. */
    void renew() {
        SourceStore.LeaseState state =
                runtime.store.renew(lease, runtime.properties.leaseTtl()).orElse(null);
        if (state == null) {
            control.leaseLost(true);
        } else if (state.paused() || state.revision() != source.revision()) {
            control.requestStop(true);
        }
    }

    private boolean poll() {
        long started = System.nanoTime();
        SourceSink sink = new SourceSink(runtime, source, lease, control);
        try {
            SourceCollector collector = collectors.collectorFor(source);
            PollResult result = collector.poll(source.cursor(), sink);
            return succeeded(result, sink, since(started));
        } catch (CollectorException e) {
            failed(e, since(started));
        } catch (InvalidSourceSettingsException e) {
            failed(CollectorException.permanentFailure(e.getMessage(), e), since(started));
        } catch (RuntimeException e) {
            failed(unexpected(e), since(started));
        } finally {
            runtime.metrics.poll(source, since(started));
            if (control.reopen()) {
                collectors.discard(source.id());
            }
        }
        return false;
    }

    private boolean succeeded(PollResult result, SourceSink sink, Duration took) {
        Duration next = result.more() ? Duration.ZERO : runtime.properties.pollInterval();
        progress.polled(sink.stored(), took, sink.cursor());
        if (control.leaseLost() || !runtime.store.finishSucceeded(lease, next)) {
            log.warn("Another replica took the source over during the poll; it continues from the stored cursor");
            return false;
        }
        return result.more() && !control.stopRequested();
    }

    private void failed(CollectorException failure, Duration took) {
        if (control.leaseLost()) {
            log.warn("Another replica took the source over during the poll; nothing more was stored here");
            return;
        }
        Backoff backoff = new Backoff(
                runtime.properties.backoff(), runtime.properties.pollInterval(), ThreadLocalRandom.current());
        Duration wait = backoff.after(failure, source.consecutiveFailures());
        runtime.metrics.error(source);
        log.warn(
                "Polling failed after {} ms ({}); trying again in {} ms: {}",
                took.toMillis(),
                failure.permanent() ? "needs attention" : "transient",
                wait.toMillis(),
                failure.getMessage());
        String status = failure.permanent() ? Source.FAILING : Source.RETRYING;
        if (!runtime.store.finishFailed(lease, status, failure.getMessage(), wait)) {
            log.warn("Another replica took the source over during the failed poll");
        }
    }

    private CollectorException unexpected(RuntimeException e) {
        if (!control.leaseLost()) {
            log.warn("Polling failed unexpectedly", e);
        }
        return CollectorException.transientFailure(
                "The poll failed unexpectedly (" + e.getClass().getSimpleName() + "); the service logged it.", e);
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
