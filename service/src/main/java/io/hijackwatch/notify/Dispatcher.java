package io.hijackwatch.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the outbox holds. Each round claims the oldest due notification of a few channels (one attempt per
 * channel at a time, across all replicas), sends them in parallel, and records each outcome: delivered; retried
 * later on the configured schedule with jitter, or after the receiver's {@code Retry-After} when that is longer;
 * dead after the last attempt; and a {@code 410 Gone} disables the channel. Redirects count as failures.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(1);

    private final Outbox outbox;
    private final ChannelStore channels;
    private final NotificationSender sender;
    private final TransactionTemplate transactions;
    private final NotificationProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration hold;

    private volatile boolean running;
    private Thread loop;
    private ExecutorService senders;

    Dispatcher(
            Outbox outbox,
            ChannelStore channels,
            NotificationSender sender,
            TransactionTemplate transactions,
            NotificationProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.channels = channels;
        this.sender = sender;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.hold =
                properties.connectTimeout().plus(properties.responseTimeout()).plusSeconds(30);
        Gauge.builder("hijackwatch.notifications.pending", outbox, box -> box.count("pending"))
                .description("Notifications waiting for a first or a further attempt, of every tenant")
                .register(meters);
        Gauge.builder("hijackwatch.notifications.dead", outbox, box -> box.count("dead"))
                .description("Notifications whose last attempt failed, of every tenant")
                .register(meters);
    }

    @Override
    public void start() {
        if (!properties.dispatcherEnabled()) {
            log.info("Notifications are not sent from this replica (hijackwatch.notifications.dispatcher-enabled).");
            return;
        }
        running = true;
        senders = Executors.newFixedThreadPool(properties.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "notification-sender");
            thread.setDaemon(true);
            return thread;
        });
        loop = new Thread(this::run, "notification-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
            senders.shutdown();
            try {
                loop.join(properties.responseTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                if (round() == 0) {
                    Thread.sleep(properties.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Notifications could not be dispatched; trying again shortly: {}", e.getMessage());
                sleepQuietly(properties.pollInterval().multipliedBy(5));
            }
        }
    }

    /** Claims and sends one round; returns how many attempts it made. */
    int round() throws InterruptedException {
        List<Outbox.Claim> claims = transactions.execute(tx -> outbox.claim(properties.concurrency(), hold));
        if (claims == null || claims.isEmpty()) {
            return 0;
        }
        List<Future<?>> sends = new java.util.ArrayList<>();
        for (Outbox.Claim claim : claims) {
            sends.add(senders.submit(() -> attempt(claim)));
        }
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn(
                        "A notification attempt failed unexpectedly: {}",
                        e.getCause().toString());
            }
        }
        return claims.size();
    }

    private void attempt(Outbox.Claim claim) {
        Channel channel = claim.channel();
        Outbox.Message message = claim.message();
        Instant started = clock.instant();
        ReceiverClient.Response response =
                sender.send(channel, message.messageId(), message.event(), message.createdAt(), message.data());
        transactions.executeWithoutResult(tx -> record(channel, message, started, response));
    }

    private void record(Channel channel, Outbox.Message message, Instant started, ReceiverClient.Response response) {
        String outcome;
        Duration channelWait = channel.type() == ChannelType.SLACK ? properties.slackInterval() : Duration.ZERO;
        if (response.delivered()) {
            outcome = "delivered";
            outbox.delivered(message);
        } else if (response.status() == 410) {
            outcome = "disabled";
            String reason = "The receiver answered 410 Gone at " + started + "; the channel was disabled.";
            outbox.dead(message, reason);
            channels.disable(channel.tenantId(), channel.id(), reason);
            log.warn(
                    "Notification channel {} of tenant {} answered 410 Gone and was disabled.",
                    channel.id(),
                    channel.tenantId());
        } else {
            String error = failure(response);
            if (message.attempts() >= properties.maxAttempts()) {
                outcome = "dead";
                outbox.dead(message, error);
                log.warn(
                        "Notification {} is dead after {} attempts: {}",
                        message.messageId(),
                        message.attempts(),
                        error);
            } else {
                outcome = "retry";
                outbox.retryAfter(message, retryWait(message.attempts(), response.retryAfter()), error);
            }
            if (response.retryAfter() != null && response.retryAfter().compareTo(channelWait) > 0) {
                channelWait = min(response.retryAfter(), LONGEST_RETRY_AFTER);
            }
        }
        outbox.recordAttempt(message, started, response, outcome);
        outbox.holdChannel(channel.tenantId(), channel.id(), channelWait);
        Counter.builder("hijackwatch.notifications.attempts")
                .description("Notification attempts by channel type and outcome")
                .tag("type", channel.type().id())
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private static String failure(ReceiverClient.Response response) {
        if (response.error() != null) {
            return response.error();
        }
        if (response.status() >= 300 && response.status() < 400) {
            return "The receiver answered " + response.status() + ", a redirect, which is not followed.";
        }
        return "The receiver answered " + response.status() + ".";
    }

    /** The wait before the next attempt after the given one failed: the schedule's, with jitter, or longer. */
    Duration retryWait(int attemptsMade, Duration retryAfter) {
        Duration base = properties.retrySchedule().get(Math.min(attemptsMade, properties.maxAttempts() - 1) - 1);
        double spread = properties.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        Duration wait = Duration.ofMillis(Math.max(0, Math.round(base.toMillis() * (1 + spread))));
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            return min(retryAfter, LONGEST_RETRY_AFTER);
        }
        return wait;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
