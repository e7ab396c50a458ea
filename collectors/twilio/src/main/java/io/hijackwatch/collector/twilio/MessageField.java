package io.hijackwatch.collector.twilio;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The message fields an event is made of, and the names they go by: the REST API's ({@code num_segments}), the SDK's
 * and spreadsheets' ({@code NumSegments}, {@code Num Segments}) and those of Console exports and export scripts
 * ({@code SentDate}, {@code SMS Message SID}, {@code Message Segments}). Names are compared without case, spaces,
 * underscores or hyphens.
 */
enum MessageField {
    SID("sid", "messagesid", "smsmessagesid", "smssid"),
    ACCOUNT_SID("accountsid"),
    MESSAGING_SERVICE_SID("messagingservicesid"),
    FROM("from"),
    TO("to"),
    DIRECTION("direction"),
    STATUS("status"),
    SEGMENTS("numsegments", "segments", "messagesegments"),
    MEDIA("nummedia", "media"),
    PRICE("price"),
    PRICE_UNIT("priceunit", "priceunits", "currency"),
    ERROR_CODE("errorcode"),
    DATE_CREATED("datecreated", "createddate", "created"),
    DATE_SENT("datesent", "sentdate", "sent"),
    DATE_UPDATED("dateupdated", "updateddate", "updated");

    private static final int MAX_NAME_CHARS = 64;
    private static final Map<String, MessageField> BY_NAME = new HashMap<>();

    static {
        for (MessageField field : values()) {
            field.names.forEach(name -> BY_NAME.put(name, field));
        }
    }

    private final List<String> names;

    MessageField(String... names) {
        this.names = List.of(names);
    }

    /** The field a column or property name stands for; {@code null} for any other name, such as {@code body}. */
    static MessageField named(String name) {
        if (name == null || name.length() > MAX_NAME_CHARS) {
            return null;
        }
        return BY_NAME.get(normalize(name));
    }

    /** The API's name of the field, for rejection reasons. */
    String apiName() {
        return name().toLowerCase(Locale.ROOT)
                .replace("segments", "num_segments")
                .replace("media", "num_media");
    }

    static String normalize(String name) {
        StringBuilder normalized = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != ' ' && c != '_' && c != '-' && c != '\uFEFF' && c != '"') {
                normalized.append(Character.toLowerCase(c));
            }
        }
        return normalized.toString();
    }
}
