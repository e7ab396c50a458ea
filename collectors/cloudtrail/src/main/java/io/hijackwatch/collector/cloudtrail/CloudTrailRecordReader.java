package io.hijackwatch.collector.cloudtrail;

import static io.hijackwatch.collector.json.JsonValues.flag;
import static io.hijackwatch.collector.json.JsonValues.startsObject;
import static io.hijackwatch.collector.json.JsonValues.text;
import static io.hijackwatch.collector.json.JsonValues.textIfString;

import io.hijackwatch.collector.json.InvalidRecordException;
import io.hijackwatch.collector.json.RecordBytes;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one framed item into a {@link CloudTrailRecord}. An item is a CloudTrail record, an EventBridge envelope with
 * the record under {@code detail}, a {@code LookupEvents} result with the record as a JSON string in {@code
 * CloudTrailEvent}, or a digest file. Unknown fields are skipped without being decoded.
 */
final class CloudTrailRecordReader {

    private final JsonFactory json;

    CloudTrailRecordReader(JsonFactory json) {
        this.json = json;
    }

    /**
     * @throws InvalidRecordException when a field has a type no CloudTrail record uses
     * @throws tools.jackson.core.JacksonException when the item is not valid JSON
     */
    CloudTrailRecord read(JsonParser parser) {
        return read(parser, null);
    }

    /**
     * Reads a record from a parser before or on its opening brace. When the record's bytes are given, its request and
     * response objects are kept as bytes and flattened only when needed.
     */
    CloudTrailRecord read(JsonParser parser, RecordBytes bytes) {
        CloudTrailRecord record = new CloudTrailRecord(json);
        record.attributes.readingFrom(bytes);
        if (parser.currentToken() != JsonToken.START_OBJECT && parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidRecordException("record is not a JSON object");
        }
        readFields(parser, record);
        return record;
    }

    private void readFields(JsonParser parser, CloudTrailRecord record) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            readField(name, parser, record);
        }
    }

    private void readField(String name, JsonParser parser, CloudTrailRecord record) {
        switch (name) {
            case "eventTime" -> record.eventTime = text(name, parser);
            case "eventSource" -> record.eventSource = text(name, parser);
            case "eventName" -> record.eventName = text(name, parser);
            case "awsRegion" -> record.awsRegion = text(name, parser);
            case "sourceIPAddress" -> record.sourceIpAddress = text(name, parser);
            case "userAgent" -> record.userAgent = text(name, parser);
            case "errorCode" -> record.errorCode = text(name, parser);
            case "errorMessage" -> record.errorMessage = text(name, parser);
            case "eventID" -> record.eventId = text(name, parser);
            case "requestID" -> record.requestId = text(name, parser);
            case "recipientAccountId" -> record.recipientAccountId = text(name, parser);
            case "eventType" -> record.eventType = text(name, parser);
            case "eventCategory" -> record.eventCategory = text(name, parser);
            case "readOnly" -> record.readOnly = flag(name, parser);
            case "userIdentity" -> readIdentity(parser, record);
            case "requestParameters" -> record.attributes.take("request", parser);
            case "responseElements" -> record.attributes.take("response", parser);
            case "additionalEventData" -> record.attributes.take("additional", parser);
            case "serviceEventDetails" -> record.attributes.take("serviceEvent", parser);
            case "resources" -> readResources(parser, record);
            case "detail" -> readNestedObject(parser, record);
            case "account" -> record.envelopeAccount = textIfString(parser);
            case "CloudTrailEvent" -> readEmbeddedRecord(parser, record);
            case "digestStartTime", "digestEndTime", "digestS3Bucket", "digestS3Object", "previousDigestSignature" -> {
                record.digest = true;
                parser.skipChildren();
            }
            default -> parser.skipChildren();
        }
    }

    private void readIdentity(JsonParser parser, CloudTrailRecord record) {
        if (!startsObject("userIdentity", parser)) {
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "type" -> record.identityType = text("userIdentity.type", parser);
                case "arn" -> record.identityArn = text("userIdentity.arn", parser);
                case "principalId" -> record.identityPrincipalId = text("userIdentity.principalId", parser);
                case "accountId" -> record.identityAccountId = text("userIdentity.accountId", parser);
                case "accessKeyId" -> record.identityAccessKeyId = text("userIdentity.accessKeyId", parser);
                case "userName" -> record.identityUserName = text("userIdentity.userName", parser);
                case "invokedBy" -> record.identityInvokedBy = text("userIdentity.invokedBy", parser);
                case "sessionContext" -> readSessionContext(parser, record);
                default -> parser.skipChildren();
            }
        }
    }

    private void readSessionContext(JsonParser parser, CloudTrailRecord record) {
        if (!startsObject("userIdentity.sessionContext", parser)) {
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "sessionIssuer" -> record.sessionIssuerArn = fieldOf("arn", "sessionIssuer", parser);
                case "attributes" -> record.mfaAuthenticated = flagOf("mfaAuthenticated", parser);
                default -> parser.skipChildren();
            }
        }
    }

    private String fieldOf(String wanted, String objectName, JsonParser parser) {
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

    private Boolean flagOf(String wanted, JsonParser parser) {
        if (!startsObject("sessionContext.attributes", parser)) {
            return null;
        }
        Boolean value = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (wanted.equals(name)) {
                value = flag(name, parser);
            } else {
                parser.skipChildren();
            }
        }
        return value;
    }

    /** Keeps the first resource ARN; EventBridge envelopes list plain strings here, which are ignored. */
    private void readResources(JsonParser parser, CloudTrailRecord record) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                String arn = readResourceArn(parser);
                if (record.firstResourceArn == null) {
                    record.firstResourceArn = arn;
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private String readResourceArn(JsonParser parser) {
        String arn = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if ("ARN".equals(name) || "arn".equals(name)) {
                arn = textIfString(parser);
            } else {
                parser.skipChildren();
            }
        }
        return arn;
    }

    /** The record inside an EventBridge envelope: its fields are read as if they stood at the top. */
    private void readNestedObject(JsonParser parser, CloudTrailRecord record) {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            readFields(parser, record);
        } else {
            parser.skipChildren();
        }
    }

    /** The record inside a {@code LookupEvents} result, where it is a JSON document in a string. */
    private void readEmbeddedRecord(JsonParser parser, CloudTrailRecord record) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new InvalidRecordException("CloudTrailEvent must be a string holding the record's JSON");
        }
        record.attributes.readingFrom(null);
        try (JsonParser embedded = json.createParser(ObjectReadContext.empty(), parser.getString())) {
            if (embedded.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRecordException("CloudTrailEvent does not hold a JSON object");
            }
            readFields(embedded, record);
        }
    }
}
