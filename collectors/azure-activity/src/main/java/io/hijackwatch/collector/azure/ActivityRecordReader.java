package io.hijackwatch.collector.azure;

import static io.hijackwatch.collector.json.JsonValues.describe;
import static io.hijackwatch.collector.json.JsonValues.text;

import io.hijackwatch.collector.json.AttributeCollector;
import io.hijackwatch.collector.json.InvalidRecordException;
import java.util.Locale;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one framed record of any Activity Log shape into an {@link ActivityRecord}. The shapes spell their fields
 * differently ({@code eventTimestamp}, {@code event_timestamp}, {@code time}, {@code TimeGenerated}) but never use
 * one name for two meanings, so one reader serves them all. Where a shape stores an object as a JSON document in a
 * string (Log Analytics columns, request and response bodies), that string is parsed on its own; it cannot be larger
 * than the record. Unknown fields are skipped without being decoded.
 */
final class ActivityRecordReader {

    private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    private static final String NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
    private static final String OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static final int MAX_REASON_CHARS = 300;

    private final JsonFactory json;

    ActivityRecordReader(JsonFactory json) {
        this.json = json;
    }

    /**
     * @throws InvalidRecordException when a field has a type no Activity Log record uses
     * @throws JacksonException when the record is not valid JSON
     */
    ActivityRecord read(JsonParser parser) {
        ActivityRecord record = new ActivityRecord();
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidRecordException("record is not a JSON object");
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            readField(name, parser, record);
        }
        return record;
    }

    private void readField(String name, JsonParser parser, ActivityRecord record) {
        switch (name) {
            case "eventTimestamp", "event_timestamp", "time", "TimeGenerated" ->
                record.setTime(name, text(name, parser));
            case "operationName", "operation_name", "OperationNameValue" ->
                record.operationName = localizable(name, parser);
            case "OperationName" -> record.displayOperationName = text(name, parser);
            case "status", "resultType", "ActivityStatusValue" -> record.status = localizable(name, parser);
            case "ActivityStatus" -> record.displayStatus = text(name, parser);
            case "subStatus", "sub_status", "ActivitySubstatusValue" -> record.subStatus = localizable(name, parser);
            case "resultSignature" -> record.resultSignature = text(name, parser);
            case "category", "CategoryValue" -> record.category = localizable(name, parser);
            case "level", "Level" -> record.level = text(name, parser);
            case "resourceProviderName", "resource_provider_name", "ResourceProviderValue" ->
                record.resourceProvider = localizable(name, parser);
            case "resourceId", "resource_id", "_ResourceId", "ResourceId" ->
                record.resourceId = firstPresent(record.resourceId, text(name, parser));
            case "resourceGroupName", "resource_group_name", "ResourceGroup" ->
                record.resourceGroup = text(name, parser);
            case "subscriptionId", "subscription_id", "SubscriptionId", "_SubscriptionId" ->
                record.subscriptionId = firstPresent(record.subscriptionId, text(name, parser));
            case "tenantId", "tenant_id" -> record.tenantId = text(name, parser);
            case "correlationId", "correlation_id", "CorrelationId" -> record.correlationId = text(name, parser);
            case "eventDataId", "event_data_id", "EventDataId" -> record.eventDataId = text(name, parser);
            case "caller", "Caller" -> record.caller = text(name, parser);
            case "callerIpAddress", "CallerIpAddress" -> record.callerIpAddress = text(name, parser);
            case "location" -> record.location = text(name, parser);
            case "httpRequest", "http_request", "HTTPRequest" ->
                readObject(name, parser, fields -> readHttpRequest(fields, record));
            case "claims", "Claims", "Claims_d" -> readObject(name, parser, fields -> readClaims(fields, record));
            case "authorization", "Authorization", "Authorization_d" ->
                readObject(name, parser, fields -> readAuthorization(fields, record));
            case "identity" -> readIdentity(parser, record);
            case "properties", "Properties", "Properties_d" -> readProperties(name, parser, record);
            case "tables" -> {
                record.columnar = true;
                parser.skipChildren();
            }
            default -> parser.skipChildren();
        }
    }

    /**
     * Calls {@code reader} with a parser positioned on an object's start: the record's own parser when the field holds
     * an object, or a parser of the field's text when it holds the object as a JSON string (as Log Analytics columns
     * do). Null and empty strings stand for an absent object.
     */
    private void readObject(String name, JsonParser parser, Consumer<JsonParser> reader) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            reader.accept(parser);
        } else if (token == JsonToken.VALUE_STRING) {
            readEmbeddedObject(name, parser.getString(), reader);
        } else if (token != JsonToken.VALUE_NULL) {
            throw new InvalidRecordException(name + " must be an object, not " + describe(token));
        }
    }

    private void readEmbeddedObject(String name, String text, Consumer<JsonParser> reader) {
        if (text.isBlank()) {
            return;
        }
        try (JsonParser embedded = json.createParser(ObjectReadContext.empty(), text)) {
            if (embedded.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRecordException(name + " must be an object or a string holding one");
            }
            reader.accept(embedded);
        } catch (JacksonException e) {
            String message = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ");
            throw new InvalidRecordException(abbreviate(name + " holds invalid JSON: " + message));
        }
    }

    private void readHttpRequest(JsonParser parser, ActivityRecord record) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "clientIpAddress", "client_ip_address" ->
                    record.httpClientIp = text("httpRequest." + name, parser);
                case "method" -> record.httpMethod = text("httpRequest.method", parser);
                default -> parser.skipChildren();
            }
        }
    }

    private void readClaims(JsonParser parser, ActivityRecord record) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case UPN, "upn" -> record.claimUpn = text("claims.upn", parser);
                case NAME, "unique_name" -> record.claimUniqueName = text("claims." + name, parser);
                case "appid", "azp" ->
                    record.claimAppId = firstPresent(record.claimAppId, text("claims." + name, parser));
                case OBJECT_ID, "oid" -> record.claimObjectId = text("claims.objectidentifier", parser);
                case "idtyp" -> record.claimIdType = text("claims.idtyp", parser);
                default -> parser.skipChildren();
            }
        }
    }

    private void readAuthorization(JsonParser parser, ActivityRecord record) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "action" -> record.authorizationAction = text("authorization.action", parser);
                case "scope" -> record.authorizationScope = text("authorization.scope", parser);
                case "role" -> record.authorizationRole = text("authorization.role", parser);
                case "evidence" -> readObject("authorization.evidence", parser, fields -> readEvidence(fields, record));
                default -> parser.skipChildren();
            }
        }
    }

    private void readEvidence(JsonParser parser, ActivityRecord record) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "role" -> record.authorizationRole = text("authorization.evidence.role", parser);
                case "principalType" -> record.principalType = text("authorization.evidence.principalType", parser);
                default -> parser.skipChildren();
            }
        }
    }

    /** The diagnostic export keeps claims and authorization here; other resource logs put a display name here. */
    private void readIdentity(JsonParser parser, ActivityRecord record) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            text("identity", parser);
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "claims" -> readObject("identity.claims", parser, fields -> readClaims(fields, record));
                case "authorization" ->
                    readObject("identity.authorization", parser, fields -> readAuthorization(fields, record));
                default -> parser.skipChildren();
            }
        }
    }

    /** Log Analytics rows may carry the properties twice, as a string and as an object: the first one is read. */
    private void readProperties(String name, JsonParser parser, ActivityRecord record) {
        if (record.propertiesRead) {
            parser.skipChildren();
            return;
        }
        readObject(name, parser, fields -> {
            record.propertiesRead = true;
            readPropertyFields(fields, record);
        });
    }

    private void readPropertyFields(JsonParser parser, ActivityRecord record) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "requestbody" -> collectBody(record.request, "request", parser);
                case "responsebody" -> collectBody(record.response, "response", parser);
                case "statusmessage" -> collectBody(record.properties, "properties.statusMessage", parser);
                default -> record.properties.collect("properties." + name, parser);
            }
        }
    }

    /**
     * Collects a body that arrives as an object or as a JSON document in a string. Text that is not JSON is kept as a
     * string; a document damaged part way keeps the values read before the damage and its text, cut to the usual
     * length, under the path itself.
     */
    private void collectBody(AttributeCollector collector, String path, JsonParser parser) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            collector.collect(path, parser);
            return;
        }
        String text = parser.getString();
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        if (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[') {
            collector.put(path, truncate(text));
            return;
        }
        try (JsonParser embedded = json.createParser(ObjectReadContext.empty(), trimmed)) {
            embedded.nextToken();
            collector.collect(path, embedded);
        } catch (JacksonException e) {
            collector.put(path, truncate(text));
        }
    }

    /** A string, or an object of the REST shape whose {@code value} is the string ({@code {"value": ...}}). */
    private static String localizable(String name, JsonParser parser) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return text(name, parser);
        }
        String value = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("value".equals(field)) {
                value = text(name + ".value", parser);
            } else {
                parser.skipChildren();
            }
        }
        return value;
    }

    private static String abbreviate(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
    }

    private static String truncate(String text) {
        int max = AttributeCollector.MAX_STRING_CHARS;
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static String firstPresent(String current, String candidate) {
        return current != null && !current.isBlank() ? current : candidate;
    }
}
