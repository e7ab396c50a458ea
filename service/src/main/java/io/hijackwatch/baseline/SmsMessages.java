package io.hijackwatch.baseline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The Twilio message records of every tenant, one row per sid, and the destinations a prefix received. */
@Repository
class SmsMessages {

    private static final String FIND = """
            SELECT * FROM sms_message WHERE tenant_id = :tenantId AND sid = ANY(:sids::text[])
            """;

    private static final String UPSERT = """
            INSERT INTO sms_message (tenant_id, sid, account, direction, destination, country, number_type, prefix,
                                     status, error_code, segments, price, price_unit, created, sent, updated)
            SELECT :tenantId, m.sid, m.account, m.direction, m.destination, m.country, m.number_type, m.prefix,
                   m.status, m.error_code, m.segments, m.price, m.price_unit, m.created, m.sent, m.updated
            FROM unnest(:sids::text[], :accounts::text[], :directions::text[], :destinations::text[],
                        :countries::text[], :types::text[], :prefixes::text[], :statuses::text[], :errorCodes::text[],
                        :segments::int[], :prices::numeric[], :priceUnits::text[], :created::timestamptz[],
                        :sent::timestamptz[], :updated::timestamptz[])
                 AS m (sid, account, direction, destination, country, number_type, prefix, status, error_code,
                       segments, price, price_unit, created, sent, updated)
            ON CONFLICT (tenant_id, sid) DO UPDATE SET
                status = excluded.status, error_code = excluded.error_code, segments = excluded.segments,
                price = excluded.price, price_unit = excluded.price_unit, sent = excluded.sent,
                updated = excluded.updated
            """;

    private static final String DESTINATIONS = """
            SELECT DISTINCT destination FROM sms_message
            WHERE tenant_id = :tenantId AND account = :account AND prefix = :prefix
              AND created >= :from AND created < :to AND direction LIKE 'outbound%' AND destination IS NOT NULL
            LIMIT 10000
            """;

    private static final String LATEST_PRICE_UNIT = """
            SELECT price_unit FROM sms_message
            WHERE tenant_id = :tenantId AND account = :account AND price_unit IS NOT NULL
            ORDER BY created DESC
            LIMIT 1
            """;

    private static final String PRUNE = """
            DELETE FROM sms_message WHERE tenant_id = :tenantId AND account = :account AND created < :before
            """;

    private final JdbcClient jdbc;

    SmsMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, SmsMessage> find(long tenantId, Collection<String> sids) {
        Map<String, SmsMessage> found = new HashMap<>();
        jdbc.sql(FIND)
                .param("tenantId", tenantId)
                .param("sids", sids.toArray(String[]::new))
                .query(SmsMessages::message)
                .list()
                .forEach(message -> found.put(message.sid(), message));
        return found;
    }

    void save(long tenantId, Collection<SmsMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<SmsMessage> rows = List.copyOf(messages);
        jdbc.sql(UPSERT)
                .param("tenantId", tenantId)
                .param("sids", column(rows, SmsMessage::sid))
                .param("accounts", column(rows, SmsMessage::account))
                .param("directions", column(rows, SmsMessage::direction))
                .param("destinations", column(rows, SmsMessage::destination))
                .param("countries", column(rows, SmsMessage::country))
                .param("types", column(rows, SmsMessage::numberType))
                .param("prefixes", column(rows, SmsMessage::prefix))
                .param("statuses", column(rows, SmsMessage::status))
                .param("errorCodes", column(rows, SmsMessage::errorCode))
                .param("segments", column(rows, message -> String.valueOf(message.segments())))
                .param("prices", column(rows, message -> text(message.price())))
                .param("priceUnits", column(rows, SmsMessage::priceUnit))
                .param("created", column(rows, message -> text(message.created())))
                .param("sent", column(rows, message -> text(message.sent())))
                .param("updated", column(rows, message -> text(message.updated())))
                .update();
    }

    /** The distinct numbers the account sent to in a prefix between two times. */
    List<String> destinations(long tenantId, String account, String prefix, Instant from, Instant to) {
        return jdbc.sql(DESTINATIONS)
                .param("tenantId", tenantId)
                .param("account", account)
                .param("prefix", prefix)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query(String.class)
                .list();
    }

    /** The currency of the account's most recent priced message. */
    Optional<String> latestPriceUnit(long tenantId, String account) {
        return jdbc.sql(LATEST_PRICE_UNIT)
                .param("tenantId", tenantId)
                .param("account", account)
                .query(String.class)
                .optional();
    }

    void prune(long tenantId, String account, Instant before) {
        jdbc.sql(PRUNE)
                .param("tenantId", tenantId)
                .param("account", account)
                .param("before", Timestamp.from(before))
                .update();
    }

    private static String[] column(List<SmsMessage> rows, java.util.function.Function<SmsMessage, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static SmsMessage message(ResultSet row, int n) throws SQLException {
        return new SmsMessage(
                row.getString("sid"),
                row.getString("account"),
                row.getString("direction"),
                row.getString("destination"),
                row.getString("country"),
                row.getString("number_type"),
                row.getString("prefix"),
                row.getString("status"),
                row.getString("error_code"),
                row.getInt("segments"),
                row.getBigDecimal("price"),
                row.getString("price_unit"),
                instant(row, "created"),
                instant(row, "sent"),
                instant(row, "updated"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
