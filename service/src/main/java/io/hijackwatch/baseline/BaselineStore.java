package io.hijackwatch.baseline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The hourly aggregates of every tenant: changed by differences in the ingestion transaction, read by the detectors
 * and the baselines API. Nothing here reads events: history is the aggregates.
 */
@Repository
class BaselineStore {

    private static final String ADD = """
            INSERT INTO baseline_hour AS b (tenant_id, account, series, series_key, hour, messages, segments, failures,
                                            blocked, premium, bounces, complaints, cost, priced_segments)
            SELECT :tenantId, d.account, d.series, d.series_key, d.hour, d.messages, d.segments, d.failures,
                   d.blocked, d.premium, d.bounces, d.complaints, d.cost, d.priced_segments
            FROM unnest(:accounts::text[], :series::text[], :keys::text[], :hours::timestamptz[],
                        :messages::bigint[], :segments::bigint[], :failures::bigint[], :blocked::bigint[],
                        :premium::bigint[], :bounces::bigint[], :complaints::bigint[], :cost::numeric[],
                        :pricedSegments::bigint[])
                 AS d (account, series, series_key, hour, messages, segments, failures, blocked, premium, bounces,
                       complaints, cost, priced_segments)
            ON CONFLICT (tenant_id, account, series, series_key, hour) DO UPDATE SET
                messages = b.messages + excluded.messages, segments = b.segments + excluded.segments,
                failures = b.failures + excluded.failures, blocked = b.blocked + excluded.blocked,
                premium = b.premium + excluded.premium, bounces = b.bounces + excluded.bounces,
                complaints = b.complaints + excluded.complaints, cost = b.cost + excluded.cost,
                priced_segments = b.priced_segments + excluded.priced_segments
            """;

    private static final String COUNT_NUMBERS = """
            UPDATE baseline_hour SET numbers = (
                SELECT count(DISTINCT destination) FROM sms_message
                WHERE tenant_id = :tenantId AND account = :account AND prefix = :prefix
                  AND created >= :hour AND created < :end AND direction LIKE 'outbound%')
            WHERE tenant_id = :tenantId AND account = :account AND series = 'prefix' AND series_key = :prefix
              AND hour = :hour
            """;

    private static final String HOUR = """
            SELECT * FROM baseline_hour
            WHERE tenant_id = :tenantId AND account = :account AND series = :series AND hour = :hour
            """;

    private static final String HISTORY = """
            SELECT * FROM baseline_hour
            WHERE tenant_id = :tenantId AND account = :account AND series = :series AND series_key = :key
              AND hour >= :from AND hour < :to
            ORDER BY hour
            """;

    private static final String FIRST_HOUR = """
            SELECT min(hour) FROM baseline_hour
            WHERE tenant_id = :tenantId AND account = :account AND series = :series AND series_key = :key
            """;

    private static final String ACCOUNT_SPAN = """
            SELECT min(hour) AS first, max(hour) AS latest FROM baseline_hour
            WHERE tenant_id = :tenantId AND account = :account
            """;

    private static final String TOTALS_BY_KEY = """
            SELECT series_key, sum(messages) AS messages FROM baseline_hour
            WHERE tenant_id = :tenantId AND account = :account AND series = :series AND hour >= :from AND hour < :to
            GROUP BY series_key
            ORDER BY sum(messages) DESC, series_key
            LIMIT :limit
            """;

    private static final String PRUNE = """
            DELETE FROM baseline_hour WHERE tenant_id = :tenantId AND account = :account AND hour < :before
            """;

    private final JdbcClient jdbc;

    BaselineStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds each cell's difference to what the cell holds, creating cells as needed. */
    void add(long tenantId, Map<Cell, Tally> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        List<Map.Entry<Cell, Tally>> rows = List.copyOf(deltas.entrySet());
        jdbc.sql(ADD)
                .param("tenantId", tenantId)
                .param("accounts", column(rows, row -> row.getKey().account()))
                .param("series", column(rows, row -> row.getKey().series().id()))
                .param("keys", column(rows, row -> row.getKey().key()))
                .param("hours", column(rows, row -> row.getKey().hour().toString()))
                .param(
                        "messages",
                        column(rows, row -> String.valueOf(row.getValue().messages())))
                .param(
                        "segments",
                        column(rows, row -> String.valueOf(row.getValue().segments())))
                .param(
                        "failures",
                        column(rows, row -> String.valueOf(row.getValue().failures())))
                .param(
                        "blocked",
                        column(rows, row -> String.valueOf(row.getValue().blocked())))
                .param(
                        "premium",
                        column(rows, row -> String.valueOf(row.getValue().premium())))
                .param(
                        "bounces",
                        column(rows, row -> String.valueOf(row.getValue().bounces())))
                .param(
                        "complaints",
                        column(rows, row -> String.valueOf(row.getValue().complaints())))
                .param("cost", column(rows, row -> row.getValue().cost().toPlainString()))
                .param(
                        "pricedSegments",
                        column(rows, row -> String.valueOf(row.getValue().pricedSegments())))
                .update();
    }

    /** Counts again the distinct numbers of a prefix's hour from the message records (exact, and idempotent). */
    void countNumbers(long tenantId, Cell prefixHour) {
        jdbc.sql(COUNT_NUMBERS)
                .param("tenantId", tenantId)
                .param("account", prefixHour.account())
                .param("prefix", prefixHour.key())
                .param("hour", Timestamp.from(prefixHour.hour()))
                .param("end", Timestamp.from(prefixHour.hour().plus(Hours.ONE)))
                .update();
    }

    /** Every key of a series in one hour, with what it holds. */
    Map<String, Tally> hour(long tenantId, String account, Series series, Instant hour) {
        Map<String, Tally> keys = new LinkedHashMap<>();
        jdbc.sql(HOUR)
                .param("tenantId", tenantId)
                .param("account", account)
                .param("series", series.id())
                .param("hour", Timestamp.from(hour))
                .query((row, n) -> Map.entry(row.getString("series_key"), tally(row)))
                .list()
                .forEach(entry -> keys.put(entry.getKey(), entry.getValue()));
        return keys;
    }

    /** The hours of one key between two times that hold anything, in order; absent hours held nothing. */
    Map<Instant, Tally> history(long tenantId, String account, Series series, String key, Instant from, Instant to) {
        Map<Instant, Tally> hours = new LinkedHashMap<>();
        jdbc.sql(HISTORY)
                .param("tenantId", tenantId)
                .param("account", account)
                .param("series", series.id())
                .param("key", key)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((row, n) -> Map.entry(row.getTimestamp("hour").toInstant(), tally(row)))
                .list()
                .forEach(entry -> hours.put(entry.getKey(), entry.getValue()));
        return hours;
    }

    /** The first hour a key of a series was seen, within the retention. */
    Optional<Instant> firstHour(long tenantId, String account, Series series, String key) {
        return jdbc.sql(FIRST_HOUR)
                .param("tenantId", tenantId)
                .param("account", account)
                .param("series", series.id())
                .param("key", key)
                .query((row, n) -> Optional.ofNullable(row.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }

    /** The first hour of any series of the account. */
    Optional<Instant> firstHourOfAccount(long tenantId, String account) {
        return span(tenantId, account, "first");
    }

    /** The newest hour of any series of the account. */
    Optional<Instant> latestHourOfAccount(long tenantId, String account) {
        return span(tenantId, account, "latest");
    }

    private Optional<Instant> span(long tenantId, String account, String end) {
        return jdbc.sql(ACCOUNT_SPAN)
                .param("tenantId", tenantId)
                .param("account", account)
                .query((row, n) -> Optional.ofNullable(row.getTimestamp(end)).map(Timestamp::toInstant))
                .single();
    }

    /** Messages per key of a series between two times, the largest first. */
    Map<String, Long> totals(long tenantId, String account, Series series, Instant from, Instant to, int limit) {
        Map<String, Long> totals = new LinkedHashMap<>();
        jdbc.sql(TOTALS_BY_KEY)
                .param("tenantId", tenantId)
                .param("account", account)
                .param("series", series.id())
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("limit", limit)
                .query((row, n) -> Map.entry(row.getString("series_key"), row.getLong("messages")))
                .list()
                .forEach(entry -> totals.put(entry.getKey(), entry.getValue()));
        return totals;
    }

    void prune(long tenantId, String account, Instant before) {
        jdbc.sql(PRUNE)
                .param("tenantId", tenantId)
                .param("account", account)
                .param("before", Timestamp.from(before))
                .update();
    }

    private static Tally tally(ResultSet row) throws SQLException {
        return new Tally(
                row.getLong("messages"),
                row.getLong("segments"),
                row.getLong("failures"),
                row.getLong("blocked"),
                row.getLong("premium"),
                row.getLong("bounces"),
                row.getLong("complaints"),
                row.getBigDecimal("cost"),
                row.getLong("priced_segments"),
                row.getLong("numbers"));
    }

    private static String[] column(
            List<Map.Entry<Cell, Tally>> rows, java.util.function.Function<Map.Entry<Cell, Tally>, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }
}
