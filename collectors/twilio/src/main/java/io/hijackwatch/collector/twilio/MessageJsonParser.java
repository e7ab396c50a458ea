package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.json.FramedJsonParser;
import io.hijackwatch.collector.json.InvalidRecordException;
import io.hijackwatch.collector.json.JsonValues;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The JSON shapes of Twilio messages: pages of the Messages list API ({@code {"messages":[...],
 * "next_page_uri":...}}), a top-level array, and JSON lines such as Bulk Export day files. Only the fields of {@link
 * MessageField} are read; the body and everything else is skipped unread.
 */
final class MessageJsonParser extends FramedJsonParser<TwilioMessage> {

    private static final Set<String> CONTAINER_FIELDS = Set.of("messages");

    MessageJsonParser(int maxRecordBytes) {
        super(CONTAINER_FIELDS, maxRecordBytes);
    }

    @Override
    public String format() {
        return TwilioMessagesParser.FORMAT;
    }

    @Override
    public Provider provider() {
        return Provider.TWILIO;
    }

    @Override
    public boolean recognizes(String head) {
        return false;
    }

    @Override
    protected TwilioMessage read(JsonParser parser) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidRecordException("record is not a JSON object");
        }
        MessageBuilder message = new MessageBuilder();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            MessageField field = MessageField.named(name);
            if (field == null) {
                parser.skipChildren();
            } else {
                message.set(field, JsonValues.text(field.apiName(), parser));
            }
        }
        return message.build();
    }

    @Override
    protected void report(long index, TwilioMessage message, ParseListener listener) {
        listener.onEvent(MessageEvents.toEvent(message));
    }
}
