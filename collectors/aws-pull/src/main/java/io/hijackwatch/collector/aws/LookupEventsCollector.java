package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.cloudtrail.CloudTrailParser;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * Reads an account's management events in one region through CloudTrail's LookupEvents, for small setups without a
 * trail. Each poll reads the window from the cursor's time less an overlap up to now, newest first, page by page;
 * pages are committed with the old cursor and only the last page moves it to the window's end, so an interrupted
 * poll reads the whole window again and the store drops what it already has.
 */
final class LookupEventsCollector implements SourceCollector {

    private static final Logger log = LoggerFactory.getLogger(LookupEventsCollector.class);
    private static final int CURSOR_VERSION = 1;
    private static final String AFTER = "after";
    private static final int PAGE_SIZE = 50;
    private static final Duration MAX_WINDOW = Duration.ofHours(6);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RETRY_AFTER_THROTTLING = Duration.ofSeconds(30);
    /** Two requests a second, with a margin for the clocks of both ends. */
    private static final Duration REQUEST_INTERVAL = Duration.ofMillis(510);

    private final SourceConfig config;
    private final LookupEventsSettings settings;
    private final ThrottleBackoff backoff;
    private final RequestPacer pacer;
    private final CloudTrailParser parser = new CloudTrailParser();
    private AwsClients clients;
    private CloudTrailClient cloudTrail;

    LookupEventsCollector(SourceConfig config, LookupEventsSettings settings, ThrottleBackoff backoff) {
        this.config = config;
        this.settings = settings;
        this.backoff = backoff;
        this.pacer = RequestPacer.shared(settings.budgetKey(), REQUEST_INTERVAL);
    }

    @Override
    public PollResult poll(Cursor cursor, BatchSink sink) throws CollectorException {
        Window window = window(cursor);
        Cursor next = Cursor.of(CURSOR_VERSION, Map.of(AFTER, window.end().toString()));
        long events = 0;
        String token = null;
        do {
            LookupEventsResponse page = lookUp(window, token);
            token = page.nextToken();
            boolean last = token == null;
            Batch batch = toBatch(page.events(), last ? next : cursor, last ? window.end() : null);
            sink.commit(batch);
            events += batch.events().size();
            if (!last && sink.stopRequested()) {
                return new PollResult(events, true);
            }
        } while (token != null);
        log.debug("Read {} events of {} from {} to {}.", events, settings.accountName(), window.start(), window.end());
        return new PollResult(events, window.cut());
    }

    @Override
    public String testConnection() throws CollectorException {
        Instant now = config.environment().clock().instant();
        LookupEventsResponse page = lookUp(new Window(now.minus(Duration.ofHours(1)), now, false), null, 1);
        return "Reached CloudTrail LookupEvents for " + settings.accountName() + "; "
                + (page.events().isEmpty() ? "no management events in the last hour." : "it lists recent events.");
    }

    /**
     * The window this poll reads: from the cursor's time less the overlap (a new source: now less the initial
     * look-back) to now, at most {@link #MAX_WINDOW} long so that a long pause is caught up in committed steps.
     */
    private Window window(Cursor cursor) {
        Instant now = config.environment().clock().instant();
        Instant after = cursor.instant(AFTER).orElse(null);
        if (after == null) {
            if (!cursor.isInitial()) {
                log.warn("The cursor {} has no time to start from; reading from the initial look-back.", cursor);
            }
            after = now.minus(settings.initialLookBack());
        }
        Instant start = after.minus(settings.overlap());
        Instant end = now.isBefore(after) ? after : now;
        Instant limit = start.plus(MAX_WINDOW).plus(settings.overlap());
        return end.isAfter(limit) ? new Window(start, limit, true) : new Window(start, end, false);
    }

    private LookupEventsResponse lookUp(Window window, String token) throws CollectorException {
        return lookUp(window, token, PAGE_SIZE);
    }

    /** One LookupEvents request, paced, and retried with backoff while CloudTrail throttles it. */
    private LookupEventsResponse lookUp(Window window, String token, int pageSize) throws CollectorException {
        LookupEventsRequest request = LookupEventsRequest.builder()
                .startTime(window.start())
                .endTime(window.end())
                .maxResults(pageSize)
                .nextToken(token)
                .build();
        for (int attempt = 1; ; attempt++) {
            pace();
            try {
                return client().lookupEvents(request);
            } catch (AwsServiceException e) {
                if (!AwsErrors.isThrottling(e) || attempt >= backoff.attempts()) {
                    throw failure(e, attempt);
                }
                Duration delay = backoff.delayAfter(attempt);
                log.warn(
                        "CloudTrail throttled LookupEvents for {}; trying again in {} ms.",
                        settings.accountName(),
                        delay.toMillis());
                sleep(delay);
            } catch (SdkException e) {
                throw AwsErrors.toCollectorException("LookupEvents for " + settings.accountName(), e);
            }
        }
    }

    private CollectorException failure(AwsServiceException e, int attempts) {
        if (AwsErrors.isThrottling(e)) {
            return CollectorException.throttled(
                    "CloudTrail throttled LookupEvents for " + settings.accountName() + " " + attempts + " times.",
                    RETRY_AFTER_THROTTLING);
        }
        return AwsErrors.toCollectorException("LookupEvents for " + settings.accountName(), e);
    }

    private Batch toBatch(List<Event> page, Cursor cursor, Instant position) {
        List<NormalizedEvent> events = new ArrayList<>(page.size());
        List<Rejection> rejections = new ArrayList<>();
        for (int index = 0; index < page.size(); index++) {
            read(index, page.get(index), events, rejections);
        }
        return new Batch(events, rejections, cursor, position);
    }

    /** Parses one result's raw record, the JSON string in {@code CloudTrailEvent}. */
    private void read(int index, Event event, List<NormalizedEvent> events, List<Rejection> rejections) {
        String raw = event.cloudTrailEvent();
        String name = "LookupEvents result " + event.eventId();
        if (raw == null || raw.isBlank()) {
            rejections.add(new Rejection(index, name + " has no CloudTrailEvent"));
            return;
        }
        try {
            parser.parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), new ParseListener() {
                @Override
                public void onEvent(NormalizedEvent parsed) {
                    events.add(parsed);
                }

                @Override
                public void onRejected(Rejection rejection) {
                    rejections.add(new Rejection(index, name + ": " + rejection.reason()));
                }
            });
        } catch (IOException e) {
            rejections.add(new Rejection(index, name + " cannot be read: " + e.getMessage()));
        }
    }

    private void pace() throws CollectorException {
        try {
            pacer.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollectorException.transientFailure("Interrupted while waiting to call LookupEvents.", e);
        }
    }

    private static void sleep(Duration delay) throws CollectorException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollectorException.transientFailure("Interrupted while waiting out CloudTrail throttling.", e);
        }
    }

    private CloudTrailClient client() throws CollectorException {
        if (cloudTrail == null) {
            clients = AwsClients.connect(
                    settings.access(),
                    config.secrets(),
                    config.environment(),
                    READ_TIMEOUT,
                    SessionNames.of(config.sourceId()));
            cloudTrail = clients.build(
                    CloudTrailClient.builder()
                            .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry())),
                    "cloudtrail");
        }
        return cloudTrail;
    }

    @Override
    public void close() {
        if (cloudTrail != null) {
            cloudTrail.close();
            clients.close();
            cloudTrail = null;
        }
    }

    /**
     * The time range one poll reads.
     *
     * @param cut whether the range stops short of now, so that more is waiting
     */
    private record Window(Instant start, Instant end, boolean cut) {}
}
