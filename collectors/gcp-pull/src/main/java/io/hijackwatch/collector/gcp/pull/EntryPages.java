package io.hijackwatch.collector.gcp.pull;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import io.hijackwatch.collector.pull.CollectorException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches pages of {@code entries.list} within the project's read quota: requests are spaced by the pacing's
 * interval, a throttled request is retried after a jittered, doubling wait, and every other failure becomes a
 * {@link CollectorException} that names the project and what to do.
 */
final class EntryPages {

    private static final Logger log = LoggerFactory.getLogger(EntryPages.class);

    private final LoggingClient client;
    private final String projectId;
    private final Pacing pacing;
    private long lastRequestNanos;
    private boolean requestedBefore;

    EntryPages(LoggingClient client, String projectId, Pacing pacing) {
        this.client = client;
        this.projectId = projectId;
        this.pacing = pacing;
    }

    /** One page, after as many throttled attempts as the pacing allows. */
    ListLogEntriesResponse fetch(ListLogEntriesRequest request) throws CollectorException {
        Duration backoff = pacing.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            waitForTurn();
            try {
                return client.listLogEntriesCallable().call(request);
            } catch (ApiException e) {
                if (!isThrottling(e) || attempt >= pacing.attempts()) {
                    throw failure(e);
                }
                Duration wait = jittered(backoff);
                log.warn(
                        "Cloud Logging throttled reading project {}; trying again in {} ms",
                        projectId,
                        wait.toMillis());
                sleep(wait);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private static boolean isThrottling(ApiException e) {
        return e.getStatusCode().getCode() == StatusCode.Code.RESOURCE_EXHAUSTED;
    }

    /** Half the backoff plus a random part of the other half, so that sources of one project do not retry in step. */
    private static Duration jittered(Duration backoff) {
        long half = Math.max(1, backoff.toMillis() / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private void waitForTurn() throws CollectorException {
        long now = System.nanoTime();
        if (requestedBefore) {
            long due = lastRequestNanos + pacing.requestInterval().toNanos();
            if (due - now > 0) {
                sleep(Duration.ofNanos(due - now));
            }
        }
        requestedBefore = true;
        lastRequestNanos = System.nanoTime();
    }

    private void sleep(Duration wait) throws CollectorException {
        try {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollectorException.transientFailure(
                    "Reading the audit logs of project " + projectId + " was interrupted", e);
        }
    }

    private CollectorException failure(ApiException e) {
        StatusCode.Code code = e.getStatusCode().getCode();
        String reading = "Reading the audit logs of project " + projectId;
        switch (code) {
            case RESOURCE_EXHAUSTED:
                return CollectorException.throttled(
                        reading + " is throttled by Cloud Logging (60 list requests a minute per project);"
                                + " other readers of the project share that quota",
                        pacing.throttledRetryAfter());
            case PERMISSION_DENIED:
                return CollectorException.permanentFailure(
                        reading + " was denied: grant the collector's service account roles/logging.viewer on the"
                                + " project (and roles/logging.privateLogViewer to read Data Access logs)",
                        e);
            case UNAUTHENTICATED:
                return CollectorException.permanentFailure(
                        reading + " failed: Cloud Logging did not accept the credentials (a deleted or disabled key,"
                                + " or no workload identity)",
                        e);
            case NOT_FOUND:
                return CollectorException.permanentFailure(
                        reading + " failed: the project does not exist or Cloud Logging is not enabled in it", e);
            case INVALID_ARGUMENT:
            case FAILED_PRECONDITION:
                return CollectorException.permanentFailure(reading + " was refused: " + code + " " + e.getMessage(), e);
            default:
                return CollectorException.transientFailure(
                        reading + " failed with " + code + "; it will be retried", e);
        }
    }
}
