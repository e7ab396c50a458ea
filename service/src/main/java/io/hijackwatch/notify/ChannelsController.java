package io.hijackwatch.notify;

import io.hijackwatch.detect.Severity;
import io.hijackwatch.tenant.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Parameter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A tenant's notification channels, their test send and secret rotation, and what was delivered.
 *
 * <p>A channel's URL (a Slack webhook URL is itself a credential) and its signing secret are never returned after
 * creation: the URL is shown as its scheme and host only, and the secret once, when it is made.
 */
@RestController
@RequestMapping("/api/v1/notifications")
class ChannelsController {

    private static final long DEFAULT_ESCALATE_AT = 10;
    private static final Set<NotificationEvent> DEFAULT_EVENTS =
            EnumSet.of(NotificationEvent.OPENED, NotificationEvent.ESCALATED);
    private static final int MAX_LISTED = 200;

    private final ChannelStore channels;
    private final Outbox outbox;
    private final DestinationPolicy policy;
    private final NotificationSender sender;
    private final NotificationProperties properties;
    private final Clock clock;

    ChannelsController(
            ChannelStore channels,
            Outbox outbox,
            DestinationPolicy policy,
            NotificationSender sender,
            NotificationProperties properties,
            Clock clock) {
        this.channels = channels;
        this.outbox = outbox;
        this.policy = policy;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A channel as a tenant writes it. On update, only what is given changes.
     *
     * @param type {@code slack} or {@code webhook}; set at creation only
     * @param minSeverity the least severity sent ({@code low} by default)
     * @param events which changes to send: {@code opened}, {@code escalated}, {@code resolved} (by default the
     *     first two)
     * @param escalateAtCount the count at which an open alert is sent again as escalated (10 by default)
     */
    record ChannelRequest(
            String name,
            String type,
            String url,
            String minSeverity,
            List<String> techniques,
            List<String> providers,
            List<String> accounts,
            List<String> events,
            Long escalateAtCount,
            Boolean enabled) {}

    /** A channel as the API shows it, with how many of its notifications wait, were delivered or died. */
    record ChannelView(
            long id,
            String name,
            String type,
            String destination,
            String minSeverity,
            List<String> techniques,
            List<String> providers,
            List<String> accounts,
            List<String> events,
            long escalateAtCount,
            boolean enabled,
            String disabledReason,
            Instant previousSecretValidUntil,
            Map<String, Long> notifications) {}

    /** A new channel, with its signing secret when it is a webhook: shown this once only. */
    record CreatedChannel(ChannelView channel, String secret) {}

    /** A rotated secret: the new one, shown once, and until when the old one still signs. */
    record RotatedSecret(String secret, Instant previousValidUntil) {}

    /** The outcome of a test send. */
    record TestResult(boolean delivered, int status, String error) {}

    /** A notification in the outbox and its attempts. */
    record DeliveryView(
            long id,
            long channelId,
            Long alertId,
            String messageId,
            String type,
            String status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            String lastError,
            List<Outbox.Attempt> attemptLog) {}

    @PostMapping("/channels")
    ResponseEntity<CreatedChannel> create(
            @Parameter(hidden = true) ApiKeyPrincipal principal, @RequestBody ChannelRequest request) {
        principal.requireAdmin();
        if (request == null) {
            throw badRequest("Send the channel as JSON: name, type, url and its filters.");
        }
        ChannelType type = type(request.type());
        ChannelStore.Settings settings = settings(request, null);
        checkDestination(settings.url());
        String secret = type == ChannelType.WEBHOOK ? WebhookSigner.newSecret() : null;
        Channel channel = channels.create(principal.tenantId(), type, settings, secret);
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedChannel(view(channel, Map.of()), secret));
    }

    @GetMapping("/channels")
    List<ChannelView> list(@Parameter(hidden = true) ApiKeyPrincipal principal) {
        principal.requireRead();
        Map<Long, Map<String, Long>> counts = outbox.countsByChannel(principal.tenantId());
        return channels.list(principal.tenantId()).stream()
                .map(channel -> view(channel, counts.getOrDefault(channel.id(), Map.of())))
                .toList();
    }

    @GetMapping("/channels/{id}")
    ChannelView get(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireRead();
        Channel channel = channel(principal.tenantId(), id);
        return view(channel, outbox.countsByChannel(principal.tenantId()).getOrDefault(id, Map.of()));
    }

    @PatchMapping("/channels/{id}")
    ChannelView update(
            @Parameter(hidden = true) ApiKeyPrincipal principal,
            @PathVariable long id,
            @RequestBody ChannelRequest request) {
        principal.requireAdmin();
        Channel existing = channel(principal.tenantId(), id);
        if (request == null) {
            throw badRequest("Send the fields to change as JSON.");
        }
        if (request.type() != null
                && !request.type().equalsIgnoreCase(existing.type().id())) {
            throw badRequest("A channel's type cannot change; create another channel instead.");
        }
        ChannelStore.Settings settings = settings(request, existing);
        if (!settings.url().equals(existing.url())) {
            checkDestination(settings.url());
        }
        Channel updated = channels.update(principal.tenantId(), id, settings).orElseThrow(() -> notFound(id));
        return view(updated, outbox.countsByChannel(principal.tenantId()).getOrDefault(id, Map.of()));
    }

    @DeleteMapping("/channels/{id}")
    ResponseEntity<Void> delete(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireAdmin();
        if (!channels.delete(principal.tenantId(), id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** Sends a test message now, through the same checks as every notification, and says how it went. */
    @PostMapping("/channels/{id}/test")
    TestResult test(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireAdmin();
        Channel channel = channel(principal.tenantId(), id);
        Instant now = clock.instant();
        ReceiverClient.Response response =
                sender.send(channel, "msg_test_" + now.toEpochMilli(), NotificationEvent.TEST, now, testData(now));
        if (!response.delivered()) {
            String why = response.error() != null ? response.error() : "The receiver answered " + response.status();
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "The test message was not delivered: " + why);
        }
        return new TestResult(true, response.status(), null);
    }

    /** Makes a new signing secret; the old one keeps signing (beside the new) until the overlap has passed. */
    @PostMapping("/channels/{id}/rotate-secret")
    RotatedSecret rotate(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireAdmin();
        Channel channel = channel(principal.tenantId(), id);
        if (channel.type() != ChannelType.WEBHOOK) {
            throw badRequest("Only webhook channels have a signing secret.");
        }
        String secret = WebhookSigner.newSecret();
        Instant until = clock.instant().plus(properties.secretOverlap());
        channels.rotate(principal.tenantId(), id, secret, until).orElseThrow(() -> notFound(id));
        return new RotatedSecret(secret, until);
    }

    @GetMapping("/deliveries")
    List<DeliveryView> deliveries(
            @Parameter(hidden = true) ApiKeyPrincipal principal,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Long channel,
            @RequestParam(required = false) Integer limit) {
        principal.requireRead();
        if (status != null && !Set.of("pending", "delivered", "dead").contains(status)) {
            throw badRequest("status is one of pending, delivered and dead.");
        }
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, MAX_LISTED));
        return outbox.list(principal.tenantId(), status, channel, size).stream()
                .map(message -> delivery(message, List.of()))
                .toList();
    }

    @GetMapping("/deliveries/{id}")
    DeliveryView delivery(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireRead();
        Outbox.Message message = outbox.find(principal.tenantId(), id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No delivery with id " + id));
        return delivery(message, outbox.attempts(principal.tenantId(), id));
    }

    private ChannelStore.Settings settings(ChannelRequest request, Channel existing) {
        String name = pick(request.name(), existing == null ? null : existing.name());
        if (name == null || name.isBlank()) {
            throw badRequest("Give the channel a name.");
        }
        String url =
                pick(request.url(), existing == null ? null : existing.url().toString());
        if (url == null || url.isBlank()) {
            throw badRequest("Give the channel a url.");
        }
        return new ChannelStore.Settings(
                name.trim(),
                parseUrl(url.trim()),
                request.minSeverity() != null
                        ? severity(request.minSeverity())
                        : existing == null ? Severity.LOW : existing.minSeverity(),
                list(request.techniques(), existing == null ? List.of() : existing.techniques()),
                lowerCase(list(request.providers(), existing == null ? List.of() : existing.providers())),
                list(request.accounts(), existing == null ? List.of() : existing.accounts()),
                request.events() != null
                        ? events(request.events())
                        : existing == null ? DEFAULT_EVENTS : existing.events(),
                escalateAt(request.escalateAtCount(), existing),
                request.enabled() != null ? request.enabled() : existing == null || existing.enabled());
    }

    private void checkDestination(URI url) {
        try {
            policy.check(url);
        } catch (RefusedDestinationException e) {
            throw badRequest(e.getMessage());
        }
    }

    private static URI parseUrl(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw badRequest("The url is not a URL: " + e.getReason() + ".");
        }
    }

    private static ChannelType type(String type) {
        if (type == null) {
            throw badRequest("Give the channel a type: slack or webhook.");
        }
        try {
            return ChannelType.fromId(type);
        } catch (IllegalArgumentException e) {
            throw badRequest("type is slack or webhook.");
        }
    }

    private static Severity severity(String severity) {
        try {
            return Severity.fromId(severity);
        } catch (IllegalArgumentException e) {
            throw badRequest("minSeverity is one of low, medium, high and critical.");
        }
    }

    private static Set<NotificationEvent> events(List<String> names) {
        if (names.isEmpty()) {
            throw badRequest("Choose at least one event: opened, escalated, resolved.");
        }
        Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
        for (String name : names) {
            try {
                NotificationEvent event = NotificationEvent.fromId(name);
                if (event == NotificationEvent.TEST) {
                    throw new IllegalArgumentException(name);
                }
                events.add(event);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw badRequest("events are opened, escalated and resolved; '" + name + "' is none of them.");
            }
        }
        return events;
    }

    private static long escalateAt(Long requested, Channel existing) {
        long value =
                requested != null ? requested : existing == null ? DEFAULT_ESCALATE_AT : existing.escalateAtCount();
        if (value < 2) {
            throw badRequest("escalateAtCount is 2 or more.");
        }
        return value;
    }

    private static List<String> list(List<String> requested, List<String> existing) {
        if (requested == null) {
            return existing;
        }
        return requested.stream()
                .filter(value -> value != null && !value.isBlank())
                .map(String::trim)
                .distinct()
                .toList();
    }

    private static List<String> lowerCase(List<String> values) {
        return values.stream().map(value -> value.toLowerCase(Locale.ROOT)).toList();
    }

    private static String pick(String requested, String existing) {
        return requested != null ? requested : existing;
    }

    private Channel channel(long tenantId, long id) {
        return channels.find(tenantId, id).orElseThrow(() -> notFound(id));
    }

    private static ChannelView view(Channel channel, Map<String, Long> counts) {
        return new ChannelView(
                channel.id(),
                channel.name(),
                channel.type().id(),
                destination(channel.url()),
                channel.minSeverity().id(),
                channel.techniques(),
                channel.providers(),
                channel.accounts(),
                Arrays.stream(NotificationEvent.values())
                        .filter(channel.events()::contains)
                        .map(NotificationEvent::id)
                        .collect(Collectors.toList()),
                channel.escalateAtCount(),
                channel.enabled(),
                channel.disabledReason(),
                channel.previousSecret() == null ? null : channel.previousSecretUntil(),
                Map.of(
                        "pending", counts.getOrDefault("pending", 0L),
                        "delivered", counts.getOrDefault("delivered", 0L),
                        "dead", counts.getOrDefault("dead", 0L)));
    }

    /** The URL without its path and query, which for Slack and many receivers hold the credential. */
    static String destination(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()) + "/…";
    }

    private static DeliveryView delivery(Outbox.Message message, List<Outbox.Attempt> attempts) {
        return new DeliveryView(
                message.id(),
                message.channelId(),
                message.alertId(),
                message.messageId(),
                message.event().type(),
                message.status(),
                message.attempts(),
                message.createdAt(),
                message.status().equals("pending") ? message.nextAttemptAt() : null,
                message.lastError(),
                attempts);
    }

    private Map<String, Object> testData(Instant now) {
        Map<String, Object> alert = new java.util.LinkedHashMap<>();
        alert.put("title", "Hijackwatch test message");
        alert.put("severity", "low");
        alert.put("summary", "This channel is set up: alerts will arrive here.");
        alert.put("firstSeen", now.toString());
        alert.put("lastSeen", now.toString());
        alert.put("count", 0);
        return Map.of("alert", alert, "link", properties.publicUrl().toString());
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No notification channel with id " + id + ".");
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
