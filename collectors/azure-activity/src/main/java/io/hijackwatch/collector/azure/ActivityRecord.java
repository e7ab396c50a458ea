package io.hijackwatch.collector.azure;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Timestamps;
import io.hijackwatch.collector.json.AttributeCollector;
import io.hijackwatch.collector.json.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of one Activity Log record as they are read, whatever its shape, before they become a {@link
 * NormalizedEvent}. Names of operations, providers and resources are lower-cased: Azure treats them without regard to
 * case, and its exports disagree on it.
 */
final class ActivityRecord {

    /** Activity Log categories; old diagnostic exports name the kind of operation instead of "Administrative". */
    private static final Set<String> ACTIVITY_CATEGORIES = Set.of(
            "administrative",
            "servicehealth",
            "resourcehealth",
            "alert",
            "autoscale",
            "recommendation",
            "security",
            "policy",
            "write",
            "delete",
            "action");

    private static final Set<String> OPERATION_KINDS = Set.of("write", "delete", "action");
    private static final Set<String> STATUS_WORDS =
            Set.of("started", "start", "accepted", "accept", "succeeded", "success", "failed", "failure");
    private static final String[] LEVELS = {"Critical", "Error", "Warning", "Informational", "Verbose"};
    private static final String SUBSCRIPTIONS = "/subscriptions/";
    private static final String RESOURCE_GROUPS = "/resourcegroups/";
    private static final String PROVIDERS = "/providers/";
    private static final String GLOBAL = "global";
    private static final Pattern LOCATION_IN_ID = Pattern.compile("(?i)/locations/([a-z0-9]+)(?:/|$)");

    String timeField;
    String timeText;
    String operationName;
    String displayOperationName;
    String status;
    String displayStatus;
    String subStatus;
    String resultSignature;
    String category;
    String level;
    String resourceProvider;
    String resourceId;
    String resourceGroup;
    String subscriptionId;
    String tenantId;
    String correlationId;
    String eventDataId;
    String caller;
    String callerIpAddress;
    String httpClientIp;
    String httpMethod;
    String location;

    String claimUpn;
    String claimUniqueName;
    String claimAppId;
    String claimObjectId;
    String claimIdType;
    String authorizationAction;
    String authorizationScope;
    String authorizationRole;
    String principalType;

    boolean propertiesRead;
    boolean columnar;

    final AttributeCollector request = new AttributeCollector();
    final AttributeCollector response = new AttributeCollector();
    final AttributeCollector properties = new AttributeCollector();

    void setTime(String field, String text) {
        if (isPresent(text) && timeText == null) {
            timeField = field;
            timeText = text;
        }
    }

    /**
     * Why the record is well formed but no Activity Log event: Event Hubs and storage accounts often receive the
     * resource logs of other services (sign-ins, storage reads) beside the Activity Log. {@code null} for an event.
     */
    String skipReason() {
        String named = lower(category);
        if (named != null && !ACTIVITY_CATEGORIES.contains(named)) {
            return "not an Activity Log record: category " + category;
        }
        return null;
    }

    /**
     * @throws InvalidRecordException when a field every event needs is missing or unreadable
     */
    NormalizedEvent toEvent() {
        requirePresent();
        Instant time = parseTime();
        String action = lower(operation());
        String resource = lower(resourceId);
        String account = account(resource);
        Map<String, Object> requestValues = request.toMap();
        Map<String, Object> responseValues = response.toMap();
        Map<String, Object> propertyValues = properties.toMap();

        Outcome outcome = outcome();
        String principal = principal();
        String sourceIp = firstPresent(httpClientIp, callerIpAddress);
        return new NormalizedEvent(
                Provider.AZURE,
                eventId(action, resource, outcome, account, principal, sourceIp),
                account,
                region(requestValues, responseValues),
                time,
                service(action, resource),
                action,
                principal,
                sourceIp,
                null,
                outcome,
                errorCode(outcome, propertyValues, responseValues),
                resource,
                attributes(resource, requestValues, responseValues, propertyValues));
    }

    private void requirePresent() {
        if (columnar) {
            throw new InvalidRecordException("a Log Analytics query response in columns ({\"tables\": ...}) is not"
                    + " supported: export the rows as objects, as az monitor log-analytics query prints them");
        }
        if (timeText == null && operation() == null) {
            throw new InvalidRecordException(
                    "not an Azure Activity Log record: no eventTimestamp, time, TimeGenerated or operation name");
        }
        if (timeText == null) {
            throw new InvalidRecordException("missing eventTimestamp (time, TimeGenerated)");
        }
        if (operation() == null) {
            throw new InvalidRecordException("missing operationName (OperationNameValue)");
        }
    }

    private Instant parseTime() {
        try {
            return Timestamps.parse(timeText);
        } catch (DateTimeException e) {
            throw new InvalidRecordException(timeField + ": " + e.getMessage());
        }
    }

    /** Log Analytics' display name stands in only where it is an operation name, not a label for people. */
    private String operation() {
        if (isPresent(operationName)) {
            return operationName;
        }
        return isPresent(displayOperationName) && displayOperationName.indexOf('/') > 0 ? displayOperationName : null;
    }

    /** The subscription the record names, else the one its resource id lies in. */
    private String account(String resource) {
        if (isPresent(subscriptionId)) {
            return lower(subscriptionId);
        }
        return segmentAfter(resource, SUBSCRIPTIONS, true);
    }

    /**
     * The namespace of the operation ({@code microsoft.compute} for {@code microsoft.compute/virtualmachines/write}),
     * which every shape carries; the resource provider the record names is the impacted resource's and differs for
     * policy and recommendation events, and the diagnostic export does not name it at all.
     */
    private String service(String action, String resource) {
        int slash = action.indexOf('/');
        if (slash > 0) {
            return action.substring(0, slash);
        }
        String named = isPresent(resourceProvider) ? lower(resourceProvider) : lastSegmentAfter(resource, PROVIDERS);
        if (named == null) {
            throw new InvalidRecordException("operation name '" + action + "' names no resource provider");
        }
        return named;
    }

    private Outcome outcome() {
        String value = lower(firstPresent(status, displayStatus));
        if (value == null) {
            return Outcome.UNKNOWN;
        }
        return switch (value) {
            case "succeeded", "success" -> Outcome.SUCCESS;
            case "failed", "failure" -> Outcome.FAILURE;
            default -> Outcome.UNKNOWN;
        };
    }

    /** The status in the REST API's words, whichever shape spelled it: Started, Accepted, Succeeded, Failed. */
    private String normalizedStatus() {
        String value = firstPresent(status, displayStatus);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "start" -> "Started";
            case "accept" -> "Accepted";
            case "success" -> "Succeeded";
            case "failure" -> "Failed";
            default -> value;
        };
    }

    /** The diagnostic export joins status and sub-status in {@code resultSignature}, as in "Succeeded.Created". */
    private String subStatus() {
        if (isPresent(subStatus) || resultSignature == null) {
            return blankToNull(subStatus);
        }
        int dot = resultSignature.indexOf('.');
        if (dot >= 0) {
            return blankToNull(resultSignature.substring(dot + 1));
        }
        return STATUS_WORDS.contains(lower(resultSignature)) ? null : blankToNull(resultSignature);
    }

    /**
     * The caller as logged: a user's UPN, or a service principal's object id. Records without one (the diagnostic
     * export) fall back to the claims in the same order, so a service principal is named by the same object id in
     * every shape, and by its application id only when the claims lack the object id.
     */
    private String principal() {
        return firstPresent(caller, claimUpn, claimUniqueName, claimObjectId, claimAppId);
    }

    /**
     * A long-running operation logs Started, Accepted and Succeeded records under one correlation id: they share one
     * id, so the first is stored and the others are recognized as its duplicates. A failure gets an id of its own, so
     * that it is stored with its error code even when its Started record was stored before.
     */
    private String eventId(
            String action, String resource, Outcome outcome, String account, String principal, String ip) {
        if (isPresent(correlationId)) {
            String id = String.join("|", lower(correlationId), action, nullToEmpty(resource));
            return outcome == Outcome.FAILURE ? id + "|failed" : id;
        }
        if (isPresent(eventDataId)) {
            return lower(eventDataId);
        }
        return derivedId(action, resource, account, principal, ip);
    }

    /**
     * Where the resource is: the location in the request or response body ({@code swedencentral}), else the record's
     * own location unless that is {@code global}, which the diagnostic export writes for where it processed the event.
     * Display names such as "West Europe" become {@code westeurope}.
     */
    private String region(Map<String, Object> requestValues, Map<String, Object> responseValues) {
        for (Object candidate :
                new Object[] {requestValues.get("request.location"), responseValues.get("response.location")}) {
            if (candidate instanceof String text && isPresent(text) && !GLOBAL.equals(regionName(text))) {
                return regionName(text);
            }
        }
        String recorded = isPresent(location) ? regionName(location) : null;
        if (recorded != null && !GLOBAL.equals(recorded)) {
            return recorded;
        }
        return locationInResourceId();
    }

    /** Quota and capacity operations name their region only in the resource id: {@code .../locations/eastus2/...}. */
    private String locationInResourceId() {
        if (resourceId == null) {
            return null;
        }
        Matcher matcher = LOCATION_IN_ID.matcher(resourceId);
        return matcher.find() ? regionName(matcher.group(1)) : null;
    }

    private static String regionName(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /** The most specific code a failure carries: the error in its status message or response, then its sub-status. */
    private String errorCode(Outcome outcome, Map<String, Object> propertyValues, Map<String, Object> responseValues) {
        if (outcome != Outcome.FAILURE) {
            return null;
        }
        for (Object candidate : new Object[] {
            propertyValues.get("properties.statusMessage.error.code"),
            responseValues.get("response.error.code"),
            subStatus(),
            propertyValues.get("properties.statusCode")
        }) {
            if (candidate instanceof String text && isPresent(text)) {
                return text;
            }
        }
        return null;
    }

    private Map<String, Object> attributes(
            String resource,
            Map<String, Object> requestValues,
            Map<String, Object> responseValues,
            Map<String, Object> propertyValues) {
        AttributeCollector all = new AttributeCollector();
        all.put("status", normalizedStatus());
        all.put("subStatus", subStatus());
        all.put("category", category(propertyValues));
        all.put("level", level());
        all.put("resourceGroup", lower(firstPresent(resourceGroup, segmentAfter(resource, RESOURCE_GROUPS, false))));
        addIdentity(all);
        all.put("httpRequest.method", blankToNull(httpMethod));
        all.put("tenantId", lower(tenantId));
        requestValues.forEach(all::put);
        propertyValues.forEach(all::put);
        responseValues.forEach(all::put);
        return all.toMap();
    }

    private void addIdentity(AttributeCollector all) {
        all.put("identity.type", identityType());
        all.put("claims.upn", blankToNull(firstPresent(claimUpn, claimUniqueName)));
        all.put("claims.appid", blankToNull(claimAppId));
        all.put("claims.oid", lower(claimObjectId));
        all.put("claims.idtyp", blankToNull(claimIdType));
        all.put("authorization.action", lower(authorizationAction));
        all.put("authorization.scope", lower(authorizationScope));
        all.put("authorization.role", blankToNull(authorizationRole));
    }

    /** "User" or "ServicePrincipal", as Azure role assignments spell principal types. */
    private String identityType() {
        if (isPresent(principalType)) {
            return principalType;
        }
        if (isPresent(claimIdType)) {
            return switch (claimIdType.toLowerCase(Locale.ROOT)) {
                case "app" -> "ServicePrincipal";
                case "user" -> "User";
                default -> claimIdType;
            };
        }
        if (isPresent(claimUpn) || isPresent(claimUniqueName) || (isPresent(caller) && caller.contains("@"))) {
            return "User";
        }
        return isPresent(claimAppId) ? "ServicePrincipal" : null;
    }

    /** The Activity Log category; old diagnostic exports name the kind of operation, which is Administrative. */
    private String category(Map<String, Object> propertyValues) {
        if (!isPresent(category)) {
            return null;
        }
        if (!OPERATION_KINDS.contains(lower(category))) {
            return category;
        }
        return propertyValues.get("properties.eventCategory") instanceof String named && isPresent(named)
                ? named
                : "Administrative";
    }

    /** The REST API's level names; the diagnostic export writes "Information" or a number. */
    private String level() {
        if (!isPresent(level)) {
            return null;
        }
        if (level.equalsIgnoreCase("information")) {
            return "Informational";
        }
        if (level.length() == 1 && level.charAt(0) >= '1' && level.charAt(0) <= '5') {
            return LEVELS[level.charAt(0) - '1'];
        }
        return level;
    }

    /**
     * An id for records without a correlation id or event data id: the same record always gets the same id, so a
     * redelivery is still recognized.
     */
    private String derivedId(String action, String resource, String account, String principal, String sourceIp) {
        String identity = String.join(
                "\u0000",
                timeText,
                action,
                nullToEmpty(resource),
                nullToEmpty(account),
                nullToEmpty(principal),
                nullToEmpty(sourceIp),
                nullToEmpty(normalizedStatus()),
                nullToEmpty(subStatus()));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "derived:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** The path segment after a marker such as {@code /subscriptions/}, in a lower-cased resource id. */
    private static String segmentAfter(String resource, String marker, boolean atStart) {
        if (resource == null) {
            return null;
        }
        int at = atStart ? (resource.startsWith(marker) ? 0 : -1) : resource.indexOf(marker);
        return at < 0 ? null : segmentAt(resource, at + marker.length());
    }

    private static String lastSegmentAfter(String resource, String marker) {
        if (resource == null) {
            return null;
        }
        int at = resource.lastIndexOf(marker);
        return at < 0 ? null : segmentAt(resource, at + marker.length());
    }

    private static String segmentAt(String resource, int start) {
        int end = resource.indexOf('/', start);
        String segment = end < 0 ? resource.substring(start) : resource.substring(start, end);
        return segment.isEmpty() ? null : segment;
    }

    private static boolean isPresent(String value) {
        return value != null && !value.isBlank();
    }

    private static String blankToNull(String value) {
        return isPresent(value) ? value : null;
    }

    private static String lower(String value) {
        return isPresent(value) ? value.toLowerCase(Locale.ROOT) : null;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String firstPresent(String... candidates) {
        for (String candidate : candidates) {
            if (isPresent(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
