package io.hijackwatch.collector.gcp;

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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The fields of one log entry as they are read, before they become a {@link NormalizedEvent}. The entry may have
 * come inside a Pub/Sub message; the envelope's fields say so.
 */
final class LogEntryRecord {

    private static final String AUDIT_LOG_TYPE = "google.cloud.audit.AuditLog";
    private static final Pattern ZONE = Pattern.compile("[a-z]+-[a-z]+[0-9]+-[a-z]");
    private static final String AUDIT_LOG_ID = "cloudaudit.googleapis.com";
    private static final int MAX_STATUS_MESSAGE_CHARS = 256;
    private static final int MAX_TYPE_CHARS = 120;
    private static final String PROJECTS = "projects/";
    private static final String SERVICES = "services/";

    String insertId;
    String logName;
    String timestamp;
    String receiveTimestamp;
    String severity;
    String operationId;
    String operationProducer;
    Boolean operationFirst;
    Boolean operationLast;
    String resourceType;
    String projectLabel;
    String zoneLabel;
    String regionLabel;
    String locationLabel;
    String otherPayload;
    boolean entryFieldSeen;

    boolean protoPayloadSeen;
    String payloadType;
    String payloadProblem;
    String serviceName;
    String methodName;
    String resourceName;
    String principalEmail;
    String principalSubject;
    String serviceAccountKeyName;
    String callerIp;
    String userAgent;
    Long statusCode;
    String statusMessage;
    String firstLocation;

    boolean messageSeen;
    boolean dataSeen;
    boolean pageFieldSeen;
    int topLevelFields;

    /** Resource labels, permissions and delegation, read wherever they are. */
    final AttributeCollector context = new AttributeCollector();

    /** {@code request}, {@code response} and {@code metadata}, which can be large and so are kept apart. */
    final AttributeCollector payload = new AttributeCollector();

    /** A page of {@code entries.list} or a pull response that came back empty: {@code {}} or only a page token. */
    boolean isEmptyPage() {
        return !entryFieldSeen && !messageSeen && (topLevelFields == 0 || pageFieldSeen);
    }

    boolean isMessageWithoutData() {
        return messageSeen && !dataSeen && !entryFieldSeen;
    }

    boolean isLogEntry() {
        return entryFieldSeen;
    }

    /** The rejection reason for a record in which no log entry was found. */
    String whyNoLogEntry() {
        return dataSeen
                ? "Pub/Sub message data holds no log entry: no protoPayload, logName or timestamp"
                : "not a log entry or Pub/Sub message: no protoPayload, logName, timestamp or message";
    }

    /**
     * An audit log entry has a {@code protoPayload} of type {@code AuditLog}. Tools that rewrite entries sometimes
     * drop the {@code @type}; a payload without one still counts when it names a service or method.
     */
    boolean isAuditLog() {
        if (!protoPayloadSeen) {
            return false;
        }
        if (payloadType != null) {
            return isAuditLogType();
        }
        return serviceName != null || methodName != null;
    }

    /** Whether the payload's type is known not to be an audit log, so the rest of it need not be read. */
    boolean isOtherPayloadType() {
        return payloadType != null && !isAuditLogType();
    }

    private boolean isAuditLogType() {
        return payloadType.endsWith(AUDIT_LOG_TYPE);
    }

    /** Keeps the first problem found in the payload; it matters only if the payload turns out to be an audit log. */
    void notePayloadProblem(String problem) {
        if (payloadProblem == null) {
            payloadProblem = problem;
        }
    }

    /** What a log entry that is not an audit log carries instead, for the skip report. */
    String payloadDescription() {
        if (otherPayload != null) {
            return otherPayload;
        }
        if (payloadType != null) {
            String type = payloadType.length() <= MAX_TYPE_CHARS
                    ? payloadType
                    : payloadType.substring(0, MAX_TYPE_CHARS) + "...";
            return "protoPayload of type " + type;
        }
        return protoPayloadSeen ? "protoPayload without @type" : "no payload";
    }

    /**
     * @throws InvalidRecordException when a field every event needs is missing or unreadable
     */
    NormalizedEvent toEvent() {
        requirePresent();
        Instant time = parseTime();
        String account = account();
        String principal = firstPresent(principalEmail, principalSubject);
        return new NormalizedEvent(
                Provider.GCP,
                eventId(account, principal),
                account,
                region(),
                time,
                serviceName,
                methodName,
                principal,
                callerIp,
                userAgent,
                outcome(),
                errorCode(),
                resourceName,
                attributeMap());
    }

    private void requirePresent() {
        if (payloadProblem != null) {
            throw new InvalidRecordException(payloadProblem);
        }
        if (timestamp == null && receiveTimestamp == null) {
            throw new InvalidRecordException("missing timestamp");
        }
        if (serviceName == null) {
            throw new InvalidRecordException("missing protoPayload.serviceName");
        }
        if (methodName == null) {
            throw new InvalidRecordException("missing protoPayload.methodName");
        }
    }

    /** Logging fills in {@code timestamp} when a writer leaves it out, so exported entries fall back only rarely. */
    private Instant parseTime() {
        String field = timestamp != null ? "timestamp" : "receiveTimestamp";
        try {
            return Timestamps.parse(timestamp != null ? timestamp : receiveTimestamp);
        } catch (DateTimeException e) {
            throw new InvalidRecordException(field + ": " + e.getMessage());
        }
    }

    /** The project id: the resource's label, else the project the log belongs to, else the resource's project. */
    private String account() {
        String fromLog = projectIn(logName);
        String fromResource = projectIn(resourceName);
        return firstPresent(projectLabel, fromLog, isProjectNumber(fromResource) ? null : fromResource);
    }

    /**
     * The {@code P} of {@code projects/P/...}, also inside a full name such as {@code //service/projects/P/...}. The
     * placeholder {@code _} that Cloud Storage writes is no project.
     */
    private static String projectIn(String name) {
        if (name == null) {
            return null;
        }
        int at = name.startsWith(PROJECTS) ? 0 : name.indexOf("/" + PROJECTS) + 1;
        if (at == 0 && !name.startsWith(PROJECTS)) {
            return null;
        }
        String project = segmentFrom(name, at + PROJECTS.length());
        return "_".equals(project) ? null : project;
    }

    private static boolean isProjectNumber(String project) {
        return project != null && project.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The region, also of a zonal resource: {@code us-central1-a} is in {@code us-central1}; the zone kept apart. */
    private String region() {
        String location = firstPresent(firstLocation, zoneLabel, regionLabel, locationLabel);
        return location != null && isZone(location) ? location.substring(0, location.length() - 2) : location;
    }

    private String zone() {
        String location = firstPresent(firstLocation, zoneLabel);
        return location != null && isZone(location) ? location : null;
    }

    /** Zones are a region and a letter: {@code europe-west4-b}. */
    private static boolean isZone(String location) {
        return ZONE.matcher(location).matches();
    }

    /**
     * A long-running operation logs a first and a last entry (sometimes more in between) under one operation id.
     * They are one action, so they share one id and the store keeps whichever arrives first; an entry that reports
     * the operation failed gets an id of its own, so that a failure reported only at the end (quota exhausted on a GPU
     * insert, say) still reaches the rules.
     */
    private String eventId(String account, String principal) {
        if (operationId != null && !operationId.isEmpty()) {
            String action = "op:" + nullToEmpty(operationProducer) + "|" + operationId + "|" + methodName;
            return outcome() == Outcome.FAILURE ? action + "|failed" : action;
        }
        if (insertId != null && !insertId.isEmpty()) {
            return insertId;
        }
        return derivedId(account, principal);
    }

    /** The same entry always gets the same id, so that redelivery is recognized even without {@code insertId}. */
    private String derivedId(String account, String principal) {
        String identity = String.join(
                "\u0000",
                nullToEmpty(timestamp != null ? timestamp : receiveTimestamp),
                nullToEmpty(logName),
                serviceName,
                methodName,
                nullToEmpty(resourceName),
                nullToEmpty(account),
                nullToEmpty(principal),
                nullToEmpty(callerIp));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "derived:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /**
     * The status of the call. The first entry of a long-running operation is written before the operation ends and
     * has no status, so it counts as a success; a failure that comes later is in the last entry.
     */
    private Outcome outcome() {
        return statusCode == null || statusCode == 0 ? Outcome.SUCCESS : Outcome.FAILURE;
    }

    private String errorCode() {
        return statusCode == null || statusCode == 0 ? null : StatusCodes.name(statusCode);
    }

    private Map<String, Object> attributeMap() {
        Map<String, Object> requestAndResponse = payload.toMap();
        AttributeCollector all = context;
        all.put("logType", logType());
        all.put("zone", zone());
        all.put("severity", severity);
        all.put("resource.type", resourceType);
        all.put("operation.first", operationFirst);
        all.put("operation.last", operationLast);
        all.put("authentication.serviceAccountKeyName", serviceAccountKeyName);
        if (statusMessage != null) {
            all.put("status.message", abbreviate(statusMessage));
        }
        addConveniences(all, requestAndResponse);
        requestAndResponse.forEach(all::put);
        return all.toMap();
    }

    /** The audit log the entry is in: {@code activity}, {@code data_access}, {@code system_event}, {@code policy}. */
    private String logType() {
        if (logName == null) {
            return null;
        }
        int logs = logName.indexOf("/logs/");
        String logId = logs < 0 ? logName : logName.substring(logs + "/logs/".length());
        String decoded = logId.replace("%2F", "/").replace("%2f", "/");
        if (!decoded.startsWith(AUDIT_LOG_ID + "/")) {
            return null;
        }
        return decoded.substring(AUDIT_LOG_ID.length() + 1);
    }

    /**
     * Values rules need that are awkward to match in the raw request: machine and accelerator types without the URL
     * around them, and the services an enablement call turns on.
     */
    private void addConveniences(AttributeCollector all, Map<String, Object> requestAndResponse) {
        requestAndResponse.forEach((path, value) -> {
            if (path.startsWith("request.") && path.endsWith(".machineType")) {
                forEachString(value, type -> all.put("machineType", lastSegment(type)));
            } else if (path.startsWith("request.") && path.endsWith(".acceleratorType")) {
                forEachString(value, type -> all.put("acceleratorType", lastSegment(type)));
            }
        });
        if (methodName.endsWith(".EnableService")) {
            String service = serviceIn(resourceName);
            all.put(
                    "service.enabled",
                    service != null ? service : serviceIn(stringAt(requestAndResponse, "request.name")));
        } else if (methodName.endsWith(".BatchEnableServices")) {
            forEachString(requestAndResponse.get("request.serviceIds"), service -> all.put("service.enabled", service));
        }
    }

    private static String stringAt(Map<String, Object> values, String path) {
        return values.get(path) instanceof String text ? text : null;
    }

    /** The {@code SVC} of {@code projects/N/services/SVC} (or of {@code services/SVC}). */
    private static String serviceIn(String name) {
        if (name == null) {
            return null;
        }
        int at = name.lastIndexOf("/" + SERVICES) + 1;
        if (at == 0 && !name.startsWith(SERVICES)) {
            return null;
        }
        return segmentFrom(name, at + SERVICES.length());
    }

    /** The path segment that starts at {@code start}, or {@code null} when it is empty. */
    private static String segmentFrom(String name, int start) {
        int end = name.indexOf('/', start);
        String segment = end < 0 ? name.substring(start) : name.substring(start, end);
        return segment.isEmpty() ? null : segment;
    }

    private static void forEachString(Object value, Consumer<String> action) {
        if (value instanceof String text) {
            action.accept(text);
        } else if (value instanceof List<?> list) {
            list.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .forEach(action);
        }
    }

    private static String lastSegment(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_STATUS_MESSAGE_CHARS ? text : text.substring(0, MAX_STATUS_MESSAGE_CHARS);
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
