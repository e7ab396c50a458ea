package io.hijackwatch.collector.cloudtrail;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Timestamps;
import io.hijackwatch.collector.json.AttributeCollector;
import io.hijackwatch.collector.json.DeferredAttributes;
import io.hijackwatch.collector.json.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.core.json.JsonFactory;

/** The fields of one CloudTrail record as they are read, before they become a {@link NormalizedEvent}. */
final class CloudTrailRecord {

    private static final int MAX_ERROR_MESSAGE_CHARS = 256;
    private static final int CONTEXT_ENTRIES = 12;

    String eventTime;
    String eventSource;
    String eventName;
    String awsRegion;
    String sourceIpAddress;
    String userAgent;
    String errorCode;
    String errorMessage;
    String eventId;
    String requestId;
    String recipientAccountId;
    String eventType;
    String eventCategory;
    Boolean readOnly;

    String identityType;
    String identityArn;
    String identityPrincipalId;
    String identityAccountId;
    String identityAccessKeyId;
    String identityUserName;
    String identityInvokedBy;
    String sessionIssuerArn;
    Boolean mfaAuthenticated;

    String firstResourceArn;
    String envelopeAccount;
    boolean digest;

    /**
     * Request, response and service-event values, flattened only when the event's attributes are read; the caller
     * and context fields go in front of them.
     */
    final DeferredAttributes attributes;

    CloudTrailRecord(JsonFactory json) {
        this.attributes = new DeferredAttributes(json, AttributeCollector.MAX_ENTRIES - CONTEXT_ENTRIES);
    }

    boolean isDigest() {
        return digest && eventName == null;
    }

    /**
     * @throws InvalidRecordException when a field every event needs is missing or unreadable
     */
    NormalizedEvent toEvent() {
        requirePresent();
        Instant time = parseTime();
        String principal = principal();
        String account = firstPresent(recipientAccountId, identityAccountId, envelopeAccount);
        String id = eventId != null ? eventId : derivedId(account, principal);
        return new NormalizedEvent(
                Provider.AWS,
                id,
                account,
                awsRegion,
                time,
                eventSource,
                eventName,
                principal,
                sourceIpAddress,
                userAgent,
                outcome(),
                errorCode,
                firstResourceArn,
                attributeMap());
    }

    /** A failed console sign-in carries only an {@code errorMessage}, no {@code errorCode}. */
    private Outcome outcome() {
        return errorCode == null && errorMessage == null ? Outcome.SUCCESS : Outcome.FAILURE;
    }

    private void requirePresent() {
        if (eventTime == null && eventSource == null && eventName == null) {
            throw new InvalidRecordException("not a CloudTrail record: no eventTime, eventSource or eventName");
        }
        if (eventTime == null) {
            throw new InvalidRecordException("missing eventTime");
        }
        if (eventSource == null) {
            throw new InvalidRecordException("missing eventSource");
        }
        if (eventName == null) {
            throw new InvalidRecordException("missing eventName");
        }
    }

    private Instant parseTime() {
        try {
            return Timestamps.parse(eventTime);
        } catch (DateTimeException e) {
            throw new InvalidRecordException("eventTime: " + e.getMessage());
        }
    }

    private String principal() {
        return firstPresent(identityArn, identityUserName, identityPrincipalId, identityInvokedBy);
    }

    private Map<String, Object> attributeMap() {
        return attributes.toMap(this::addIdentityAndContext, CONTEXT_ENTRIES);
    }

    private void addIdentityAndContext(AttributeCollector all) {
        all.put("identity.type", identityType);
        all.put("identity.accessKeyId", identityAccessKeyId);
        all.put("identity.invokedBy", identityInvokedBy);
        all.put("identity.sessionIssuer", sessionIssuerArn);
        all.put("identity.userName", identityUserName);
        all.put("identity.mfaAuthenticated", mfaAuthenticated);
        all.put("eventType", eventType);
        all.put("eventCategory", eventCategory);
        all.put("readOnly", readOnly);
        if (errorMessage != null) {
            all.put("errorMessage", abbreviate(errorMessage));
        }
    }

    /**
     * An id for records exported without {@code eventID}: the same record always gets the same id, so redelivery is
     * still recognized.
     */
    private String derivedId(String account, String principal) {
        String identity = String.join(
                "\u0000",
                eventTime,
                eventSource,
                eventName,
                nullToEmpty(requestId),
                nullToEmpty(account),
                nullToEmpty(awsRegion),
                nullToEmpty(principal),
                nullToEmpty(sourceIpAddress));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "derived:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ERROR_MESSAGE_CHARS ? text : text.substring(0, MAX_ERROR_MESSAGE_CHARS);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String firstPresent(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty()) {
                return candidate;
            }
        }
        return null;
    }
}
