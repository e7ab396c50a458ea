package io.hijackwatch.collector;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One audit-log event in the shape every rule and store works with, whatever provider wrote it.
 *
 * <p>The tenant is not part of the event: parsers do not know it, and the ingestion path that does know it keys
 * every stored row by it.
 *
 * @param provider which provider's log the event came from
 * @param eventId the provider's own id for the event, used to drop redeliveries
 * @param account AWS account id, Azure subscription id, GCP project id or Twilio account SID
 * @param region the provider's region or location, when the log names one
 * @param time when the provider says the call happened
 * @param service the provider's name for the service, as it spells it (for example {@code ec2.amazonaws.com})
 * @param action the operation (for example {@code RunInstances})
 * @param principal who made the call: an ARN, an e-mail, an object id
 * @param sourceIp the caller's address as logged; for calls a provider makes itself, a service name
 * @param userAgent the caller's user agent
 * @param outcome whether the call succeeded
 * @param errorCode the provider's error code when it failed
 * @param resource the main resource the call acted on, when the log names one
 * @param attributes a small, bounded map of request and response values that rules match on (see {@link
 *     io.hijackwatch.collector.json.AttributeCollector})
 */
public record NormalizedEvent(
        Provider provider,
        String eventId,
        String account,
        String region,
        Instant time,
        String service,
        String action,
        String principal,
        String sourceIp,
        String userAgent,
        Outcome outcome,
        String errorCode,
        String resource,
        Map<String, Object> attributes) {

    public NormalizedEvent {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        attributes = attributes == null ? Map.of() : attributes;
    }

    /** The attribute at a path, or {@code null}; a value seen more than once is a {@code List}. */
    public Object attribute(String path) {
        return attributes.get(path);
    }
}
