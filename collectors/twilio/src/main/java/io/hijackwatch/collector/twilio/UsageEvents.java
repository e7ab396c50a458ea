package io.hijackwatch.collector.twilio;

import com.twilio.rest.api.v2010.account.usage.record.Daily;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.json.InvalidRecordException;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a daily usage record of an SMS category into an event: one per account, category and day, so that a day read
 * again (its count grows until the day is over) has the same id. The event store keeps the first reading of an id
 * (docs/design-decisions.md, Twilio).
 */
final class UsageEvents {

    static final String SERVICE = "twilio.usage";
    static final String ACTION = "usage-record";

    /** The SMS categories read: all SMS, outbound, by sender type, and carrier fees. */
    static final List<String> CATEGORIES = List.of(
            "sms", "sms-outbound", "sms-outbound-longcode", "sms-outbound-shortcode", "sms-messages-carrierfees");

    private UsageEvents() {}

    /** @throws InvalidRecordException when the record has no category or start date */
    static NormalizedEvent toEvent(String accountSid, Daily record) {
        if (record.getCategory() == null || record.getStartDate() == null) {
            throw new InvalidRecordException("usage record without category or start_date");
        }
        String category = MessageEvents.bounded(record.getCategory());
        return new NormalizedEvent(
                Provider.TWILIO,
                "usage:" + accountSid + ":" + category + ":" + record.getStartDate(),
                accountSid,
                null,
                record.getStartDate().atStartOfDay(ZoneOffset.UTC).toInstant(),
                SERVICE,
                ACTION,
                null,
                null,
                null,
                Outcome.SUCCESS,
                null,
                null,
                attributes(category, record));
    }

    private static Map<String, Object> attributes(String category, Daily record) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("category", category);
        putIfPresent(attributes, "count", wholeNumber(record.getCount()));
        putIfPresent(attributes, "usage", decimal(record.getUsage()));
        putIfPresent(attributes, "usageUnit", MessageEvents.bounded(record.getUsageUnit()));
        putIfPresent(
                attributes,
                "price",
                record.getPrice() == null ? null : record.getPrice().abs().doubleValue());
        putIfPresent(
                attributes,
                "priceUnit",
                record.getPriceUnit() == null ? null : record.getPriceUnit().getCurrencyCode());
        attributes.put("startDate", record.getStartDate().toString());
        putIfPresent(
                attributes,
                "endDate",
                record.getEndDate() == null ? null : record.getEndDate().toString());
        return attributes;
    }

    private static void putIfPresent(Map<String, Object> attributes, String name, Object value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }

    private static Long wholeNumber(String text) {
        BigDecimal value = parse(text);
        return value == null ? null : value.longValue();
    }

    private static Double decimal(String text) {
        BigDecimal value = parse(text);
        return value == null ? null : value.doubleValue();
    }

    private static BigDecimal parse(String text) {
        if (text == null || text.isBlank() || text.length() > 32) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
