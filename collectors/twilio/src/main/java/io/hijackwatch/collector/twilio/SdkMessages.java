package io.hijackwatch.collector.twilio;

import com.twilio.rest.api.v2010.account.Message;
import java.time.ZonedDateTime;
import java.util.Objects;

/** Reads the SDK's {@link Message} into the same fields the parser reads from exports. */
final class SdkMessages {

    private SdkMessages() {}

    /** @throws io.hijackwatch.collector.json.InvalidRecordException when a count cannot be read */
    static TwilioMessage from(Message message) {
        return new MessageBuilder()
                .set(MessageField.SID, message.getSid())
                .set(MessageField.ACCOUNT_SID, message.getAccountSid())
                .set(MessageField.MESSAGING_SERVICE_SID, message.getMessagingServiceSid())
                .set(MessageField.FROM, text(message.getFrom()))
                .set(MessageField.TO, message.getTo())
                .set(MessageField.DIRECTION, text(message.getDirection()))
                .set(MessageField.STATUS, text(message.getStatus()))
                .set(MessageField.SEGMENTS, message.getNumSegments())
                .set(MessageField.MEDIA, message.getNumMedia())
                .set(MessageField.PRICE, message.getPrice())
                .set(
                        MessageField.PRICE_UNIT,
                        message.getPriceUnit() == null
                                ? null
                                : message.getPriceUnit().getCurrencyCode())
                .set(MessageField.ERROR_CODE, text(message.getErrorCode()))
                .set(MessageField.DATE_CREATED, instant(message.getDateCreated()))
                .set(MessageField.DATE_SENT, instant(message.getDateSent()))
                .set(MessageField.DATE_UPDATED, instant(message.getDateUpdated()))
                .build();
    }

    private static String text(Object value) {
        return value == null ? null : Objects.toString(value);
    }

    private static String instant(ZonedDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
