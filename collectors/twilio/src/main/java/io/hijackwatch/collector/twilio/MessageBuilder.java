package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.json.InvalidRecordException;
import java.util.EnumMap;
import java.util.Map;

/** Collects one message's fields as text, from JSON properties or CSV cells, and reads them into a message. */
final class MessageBuilder {

    private static final int MAX_COUNT_DIGITS = 9;

    private final Map<MessageField, String> values = new EnumMap<>(MessageField.class);

    /** Sets a field; a field named twice keeps its first non-empty value. */
    MessageBuilder set(MessageField field, String value) {
        if (value != null && !value.isBlank()) {
            values.putIfAbsent(field, value);
        }
        return this;
    }

    /**
     * The message. Without a creation time (a spreadsheet that kept only the sent date), the sent time stands in.
     *
     * @throws InvalidRecordException when a count or time cannot be read
     */
    TwilioMessage build() {
        var created = TwilioTimes.parse("date_created", values.get(MessageField.DATE_CREATED));
        var sent = TwilioTimes.parse("date_sent", values.get(MessageField.DATE_SENT));
        return new TwilioMessage(
                values.get(MessageField.SID),
                values.get(MessageField.ACCOUNT_SID),
                values.get(MessageField.MESSAGING_SERVICE_SID),
                values.get(MessageField.FROM),
                values.get(MessageField.TO),
                values.get(MessageField.DIRECTION),
                values.get(MessageField.STATUS),
                count(MessageField.SEGMENTS),
                count(MessageField.MEDIA),
                values.get(MessageField.PRICE),
                values.get(MessageField.PRICE_UNIT),
                values.get(MessageField.ERROR_CODE),
                created != null ? created : sent,
                sent,
                TwilioTimes.parse("date_updated", values.get(MessageField.DATE_UPDATED)));
    }

    private Long count(MessageField field) {
        String text = values.get(field);
        if (text == null) {
            return null;
        }
        String digits = text.strip();
        if (digits.isEmpty()
                || digits.length() > MAX_COUNT_DIGITS
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidRecordException(
                    field.apiName() + " is not a whole number of at most " + MAX_COUNT_DIGITS + " digits");
        }
        return Long.valueOf(digits);
    }
}
