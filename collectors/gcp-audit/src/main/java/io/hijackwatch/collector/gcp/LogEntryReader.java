package io.hijackwatch.collector.gcp;

import static io.hijackwatch.collector.json.JsonValues.describe;
import static io.hijackwatch.collector.json.JsonValues.flag;
import static io.hijackwatch.collector.json.JsonValues.startsArray;
import static io.hijackwatch.collector.json.JsonValues.startsObject;
import static io.hijackwatch.collector.json.JsonValues.text;

import io.hijackwatch.collector.json.InvalidRecordException;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one framed item into a {@link LogEntryRecord}. An item is a {@code LogEntry}, a Pub/Sub push request or
 * received message with the entry base64-encoded in {@code message.data}, a bare Pub/Sub message with it in {@code
 * data}, or a CloudEvent with the entry as a JSON object in {@code data}. Unknown fields are skipped without being
 * decoded.
 */
final class LogEntryReader {

    private final JsonFactory json;

    LogEntryReader(JsonFactory json) {
        this.json = json;
    }

    /**
     * @throws InvalidRecordException when a field has a type no log entry or Pub/Sub message uses
     * @throws tools.jackson.core.JacksonException when the item is not valid JSON
     */
    LogEntryRecord read(JsonParser parser) {
        LogEntryRecord record = new LogEntryRecord();
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidRecordException("record is not a JSON object");
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            record.topLevelFields++;
            readTopLevelField(name, parser, record);
        }
        return record;
    }

    private void readTopLevelField(String name, JsonParser parser, LogEntryRecord record) {
        switch (name) {
            case "message" -> readMessage(parser, record);
            case "data" -> readData("data", parser, record);
            case "entries", "receivedMessages", "nextPageToken" -> {
                record.pageFieldSeen = true;
                parser.skipChildren();
            }
            default -> {
                if (!readEntryField(name, parser, record)) {
                    parser.skipChildren();
                }
            }
        }
    }

    /** The entry's own fields, wherever the entry was found; false for a field this reader does not use. */
    private boolean readEntryField(String name, JsonParser parser, LogEntryRecord record) {
        switch (name) {
            case "insertId" -> record.insertId = text(name, parser);
            case "logName" -> record.logName = text(name, parser);
            case "timestamp" -> record.timestamp = text(name, parser);
            case "receiveTimestamp" -> record.receiveTimestamp = text(name, parser);
            case "severity" -> record.severity = text(name, parser);
            case "operation" -> readOperation(parser, record);
            case "resource" -> readResource(parser, record);
            case "protoPayload" -> readProtoPayload(parser, record);
            case "textPayload", "jsonPayload" -> {
                record.otherPayload = name;
                parser.skipChildren();
            }
            default -> {
                return false;
            }
        }
        record.entryFieldSeen = true;
        return true;
    }

    private void readEntryFields(JsonParser parser, LogEntryRecord record) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (!readEntryField(name, parser, record)) {
                parser.skipChildren();
            }
        }
    }

    private void readOperation(JsonParser parser, LogEntryRecord record) {
        if (!startsObject("operation", parser)) {
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "id" -> record.operationId = text("operation.id", parser);
                case "producer" -> record.operationProducer = text("operation.producer", parser);
                case "first" -> record.operationFirst = flag("operation.first", parser);
                case "last" -> record.operationLast = flag("operation.last", parser);
                default -> parser.skipChildren();
            }
        }
    }

    private void readResource(JsonParser parser, LogEntryRecord record) {
        if (!startsObject("resource", parser)) {
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "type" -> record.resourceType = text("resource.type", parser);
                case "labels" -> readResourceLabels(parser, record);
                default -> parser.skipChildren();
            }
        }
    }

    private void readResourceLabels(JsonParser parser, LogEntryRecord record) {
        if (!startsObject("resource.labels", parser)) {
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            String value = text("resource.labels." + name, parser);
            record.context.put("resource.labels." + name, value);
            switch (name) {
                case "project_id" -> record.projectLabel = value;
                case "zone" -> record.zoneLabel = value;
                case "region" -> record.regionLabel = value;
                case "location" -> record.locationLabel = value;
                default -> {}
            }
        }
    }

    /**
     * Reads the payload. Other payload types share field names with {@code AuditLog} but not their types (an App
     * Engine request log has a numeric {@code status}), and {@code @type} may come last, so a field of the wrong type
     * is only noted here; it rejects the entry once the payload is known to be an audit log.
     */
    private void readProtoPayload(JsonParser parser, LogEntryRecord record) {
        if (!startsObject("protoPayload", parser)) {
            return;
        }
        record.protoPayloadSeen = true;
        int depth = parser.streamReadContext().getNestingDepth();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (record.isOtherPayloadType()) {
                parser.skipChildren();
                continue;
            }
            try {
                readPayloadField(name, parser, record);
            } catch (InvalidRecordException e) {
                record.notePayloadProblem(e.getMessage());
                skipBackToDepth(parser, depth);
            }
        }
    }

    /** Moves past the rest of a value that was abandoned part way, to its last token. */
    private static void skipBackToDepth(JsonParser parser, int depth) {
        while (parser.streamReadContext().getNestingDepth() > depth) {
            if (parser.nextToken() == null) {
                return;
            }
        }
    }

    private void readPayloadField(String name, JsonParser parser, LogEntryRecord record) {
        switch (name) {
            case "@type" -> record.payloadType = text("protoPayload.@type", parser);
            case "serviceName" -> record.serviceName = text("protoPayload.serviceName", parser);
            case "methodName" -> record.methodName = text("protoPayload.methodName", parser);
            case "resourceName" -> record.resourceName = text("protoPayload.resourceName", parser);
            case "authenticationInfo" -> readAuthentication(parser, record);
            case "authorizationInfo" -> readAuthorization(parser, record);
            case "requestMetadata" -> readRequestMetadata(parser, record);
            case "resourceLocation" -> readResourceLocation(parser, record);
            case "status" -> readStatus(parser, record);
            case "request", "response", "metadata" -> collectObject(name, parser, record);
            default -> parser.skipChildren();
        }
    }

    private void readAuthentication(JsonParser parser, LogEntryRecord record) {
        if (!startsObject("protoPayload.authenticationInfo", parser)) {
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "principalEmail" ->
                    record.principalEmail = text("protoPayload.authenticationInfo.principalEmail", parser);
                case "principalSubject" ->
                    record.principalSubject = text("protoPayload.authenticationInfo.principalSubject", parser);
                case "serviceAccountKeyName" ->
                    record.serviceAccountKeyName =
                            text("protoPayload.authenticationInfo.serviceAccountKeyName", parser);
                case "serviceAccountDelegationInfo" -> readDelegation(parser, record);
                default -> parser.skipChildren();
            }
        }
    }

    /** The service accounts a call went through, in order; each is a first-party e-mail or a subject. */
    private void readDelegation(JsonParser parser, LogEntryRecord record) {
        String path = "protoPayload.authenticationInfo.serviceAccountDelegationInfo";
        if (!startsArray(path, parser)) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (!startsObject(path + "[]", parser)) {
                continue;
            }
            String email = null;
            String subject = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "firstPartyPrincipal" ->
                        email = fieldOf("principalEmail", path + ".firstPartyPrincipal", parser);
                    case "principalSubject" -> subject = text(path + ".principalSubject", parser);
                    default -> parser.skipChildren();
                }
            }
            record.context.put("delegation", email != null ? email : subject);
        }
    }

    private void readAuthorization(JsonParser parser, LogEntryRecord record) {
        String path = "protoPayload.authorizationInfo";
        if (!startsArray(path, parser)) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (!startsObject(path + "[]", parser)) {
                continue;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "permission" ->
                        record.context.put("authorization.permission", text(path + ".permission", parser));
                    case "granted" -> record.context.put("authorization.granted", flag(path + ".granted", parser));
                    default -> parser.skipChildren();
                }
            }
        }
    }

    private void readRequestMetadata(JsonParser parser, LogEntryRecord record) {
        if (!startsObject("protoPayload.requestMetadata", parser)) {
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "callerIp" -> record.callerIp = text("protoPayload.requestMetadata.callerIp", parser);
                case "callerSuppliedUserAgent" ->
                    record.userAgent = text("protoPayload.requestMetadata.callerSuppliedUserAgent", parser);
                default -> parser.skipChildren();
            }
        }
    }

    private void readResourceLocation(JsonParser parser, LogEntryRecord record) {
        if (!startsObject("protoPayload.resourceLocation", parser)) {
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if ("currentLocations".equals(name)) {
                record.firstLocation = firstText("protoPayload.resourceLocation.currentLocations", parser);
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readStatus(JsonParser parser, LogEntryRecord record) {
        if (!startsObject("protoPayload.status", parser)) {
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "code" -> record.statusCode = statusCode(parser);
                case "message" -> record.statusMessage = text("protoPayload.status.message", parser);
                default -> parser.skipChildren();
            }
        }
    }

    private void collectObject(String name, JsonParser parser, LogEntryRecord record) {
        if (startsObject("protoPayload." + name, parser)) {
            record.payload.collect(name, parser);
        }
    }

    private void readMessage(JsonParser parser, LogEntryRecord record) {
        if (!startsObject("message", parser)) {
            return;
        }
        record.messageSeen = true;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if ("data".equals(name)) {
                readData("message.data", parser, record);
            } else {
                parser.skipChildren();
            }
        }
    }

    /** A Pub/Sub message's base64 data, or a CloudEvent's data that is the entry itself as JSON. */
    private void readData(String path, JsonParser parser, LogEntryRecord record) {
        record.messageSeen = true;
        JsonToken token = parser.currentToken();
        switch (token) {
            case VALUE_STRING -> readEncodedEntry(path, parser.getString(), record);
            case START_OBJECT -> {
                record.dataSeen = true;
                readEntryFields(parser, record);
            }
            case VALUE_NULL -> {}
            default -> throw new InvalidRecordException(path + " must be a base64 string, not " + describe(token));
        }
    }

    /** The entry inside a Pub/Sub message: base64 of its JSON, read with a parser of its own. */
    private void readEncodedEntry(String path, String encoded, LogEntryRecord record) {
        if (encoded.isEmpty()) {
            return;
        }
        byte[] decoded = decodeBase64(path, encoded);
        record.dataSeen = true;
        try (JsonParser embedded = json.createParser(ObjectReadContext.empty(), decoded)) {
            if (embedded.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRecordException(path + " does not hold a JSON object");
            }
            readEntryFields(embedded, record);
        } catch (JacksonException e) {
            throw new InvalidRecordException(
                    InvalidRecordException.invalidJson(path + " holds invalid JSON", "the decoded data", e));
        }
    }

    /** Pub/Sub writes standard base64 with padding; the URL-safe alphabet and missing padding are accepted too. */
    private static byte[] decodeBase64(String path, String encoded) {
        boolean urlSafe = encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0;
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(path + " is not base64: " + e.getMessage());
        }
    }

    private static String fieldOf(String wanted, String objectName, JsonParser parser) {
        if (!startsObject(objectName, parser)) {
            return null;
        }
        String value = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (wanted.equals(name)) {
                value = text(objectName + "." + name, parser);
            } else {
                parser.skipChildren();
            }
        }
        return value;
    }

    private static String firstText(String name, JsonParser parser) {
        if (!startsArray(name, parser)) {
            return null;
        }
        String first = null;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String value = text(name + "[]", parser);
            if (first == null) {
                first = value;
            }
        }
        return first;
    }

    /** A gRPC status code: a number, or a number in a string as proto3 JSON allows. */
    private static Long statusCode(JsonParser parser) {
        String text = text("protoPayload.status.code", parser);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("protoPayload.status.code must be a number");
        }
    }
}
