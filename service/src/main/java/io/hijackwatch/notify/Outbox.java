package io.hijackwatch.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification outbox. Rows are written in the transaction that changed their alert; the dispatcher claims due
 * rows one channel at a time, across all replicas, so that no two replicas make the same attempt and no channel has
 * two attempts in flight.
 */
@Repository
class Outbox {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private static final String ENQUEUE = """
            INSERT INTO notification_outbox (tenant_id, channel_id, alert_id, message_id, event_type, data, status)
            VALUES (:tenantId, :channelId, :alertId, :messageId, :eventType, :data::jsonb, 'pending')
            """;

    /** Channels with something due, locked so that another replica skips them. */
    private static final String DUE_CHANNELS = """
            SELECT c.* FROM notification_channel c
            WHERE c.enabled AND c.send_after <= now()
              AND EXISTS (SELECT 1 FROM notification_outbox o
                          WHERE o.tenant_id = c.tenant_id AND o.channel_id = c.id
                            AND o.status = 'pending' AND o.next_attempt_at <= now())
            ORDER BY c.send_after
            LIMIT :limit
            FOR UPDATE OF c SKIP LOCKED
            """;

    private static final String CLAIM_OLDEST = """
            UPDATE notification_outbox SET attempts = attempts + 1, last_attempt_at = now()
            WHERE tenant_id = :tenantId AND id = (
                SELECT id FROM notification_outbox
                WHERE tenant_id = :tenantId AND channel_id = :channelId AND status = 'pending'
                  AND next_attempt_at <= now()
                ORDER BY next_attempt_at, id
                LIMIT 1)
            RETURNING *
            """;

    private static final String HOLD_CHANNEL = """
            UPDATE notification_channel SET send_after = now() + :hold * interval '1 millisecond'
            WHERE tenant_id = :tenantId AND id = :channelId
            """;

    private static final String RECORD_ATTEMPT = """
            INSERT INTO notification_attempt (tenant_id, outbox_id, attempt, started_at, status_code, outcome, error)
            VALUES (:tenantId, :outboxId, :attempt, :startedAt, :statusCode, :outcome, :error)
            ON CONFLICT DO NOTHING
            """;

    private static final String DELIVERED = """
            UPDATE notification_outbox SET status = 'delivered', delivered_at = now(), last_error = NULL
            WHERE tenant_id = :tenantId AND id = :id
            """;

    private static final String RETRY = """
            UPDATE notification_outbox
            SET next_attempt_at = now() + :wait * interval '1 millisecond', last_error = :error
            WHERE tenant_id = :tenantId AND id = :id
            """;

    private static final String DEAD = """
            UPDATE notification_outbox SET status = 'dead', last_error = :error
            WHERE tenant_id = :tenantId AND id = :id
            """;

    private static final String COUNTS_BY_CHANNEL = """
            SELECT channel_id, status, count(*) AS n FROM notification_outbox
            WHERE tenant_id = :tenantId GROUP BY channel_id, status
            """;

    private static final String COUNT = """
            SELECT count(*) FROM notification_outbox WHERE status = :status
            """;

    private static final String DELIVERIES = """
            SELECT * FROM notification_outbox
            WHERE tenant_id = :tenantId AND (:status::text IS NULL OR status = :status)
              AND (:channelId::bigint IS NULL OR channel_id = :channelId)
            ORDER BY id DESC
            LIMIT :limit
            """;

    private static final String ATTEMPTS = """
            SELECT * FROM notification_attempt WHERE tenant_id = :tenantId AND outbox_id = :outboxId ORDER BY attempt
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Outbox(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A notification waiting in the outbox, or claimed for an attempt. */
    record Message(
            long tenantId,
            long id,
            long channelId,
            Long alertId,
            String messageId,
            NotificationEvent event,
            Map<String, Object> data,
            String status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            String lastError) {}

    /** A claimed attempt: the message and its channel as they were at the claim. */
    record Claim(Channel channel, Message message) {}

    /** One attempt as the API shows it. */
    record Attempt(int attempt, Instant startedAt, Integer statusCode, String outcome, String error) {}

    /** Writes a notification; call inside the transaction that changed the alert. */
    void enqueue(long tenantId, long channelId, Long alertId, NotificationEvent event, Map<String, Object> data) {
        jdbc.sql(ENQUEUE)
                .param("tenantId", tenantId)
                .param("channelId", channelId)
                .param("alertId", alertId)
                .param("messageId", "msg_" + UUID.randomUUID().toString().replace("-", ""))
                .param("eventType", event.id())
                .param("data", json.writeValueAsString(data))
                .update();
    }

    /**
     * Claims the oldest due message of up to {@code limit} channels and holds each channel for {@code hold}, so that
     * no replica claims it again before this attempt is finished or the hold runs out (when this replica died).
     * Call inside a transaction.
     */
    List<Claim> claim(int limit, Duration hold) {
        List<Channel> channels = jdbc.sql(DUE_CHANNELS)
                .param("limit", limit)
                .query(ChannelStore::channel)
                .list();
        List<Claim> claims = new ArrayList<>();
        for (Channel channel : channels) {
            jdbc.sql(CLAIM_OLDEST)
                    .param("tenantId", channel.tenantId())
                    .param("channelId", channel.id())
                    .query(this::message)
                    .optional()
                    .ifPresent(message -> claims.add(new Claim(channel, message)));
            holdChannel(channel.tenantId(), channel.id(), hold);
        }
        return claims;
    }

    /** No attempt to the channel starts before {@code wait} has passed. */
    void holdChannel(long tenantId, long channelId, Duration wait) {
        jdbc.sql(HOLD_CHANNEL)
                .param("tenantId", tenantId)
                .param("channelId", channelId)
                .param("hold", wait.toMillis())
                .update();
    }

    void recordAttempt(Message message, Instant startedAt, ReceiverClient.Response response, String outcome) {
        jdbc.sql(RECORD_ATTEMPT)
                .param("tenantId", message.tenantId())
                .param("outboxId", message.id())
                .param("attempt", message.attempts())
                .param("startedAt", Timestamp.from(startedAt))
                .param("statusCode", response.status() == 0 ? null : response.status())
                .param("outcome", outcome)
                .param("error", response.error())
                .update();
    }

    void delivered(Message message) {
        jdbc.sql(DELIVERED)
                .param("tenantId", message.tenantId())
                .param("id", message.id())
                .update();
    }

    void retryAfter(Message message, Duration wait, String error) {
        jdbc.sql(RETRY)
                .param("tenantId", message.tenantId())
                .param("id", message.id())
                .param("wait", wait.toMillis())
                .param("error", error)
                .update();
    }

    void dead(Message message, String error) {
        jdbc.sql(DEAD)
                .param("tenantId", message.tenantId())
                .param("id", message.id())
                .param("error", error)
                .update();
    }

    /** Counts by status for each of the tenant's channels. */
    Map<Long, Map<String, Long>> countsByChannel(long tenantId) {
        Map<Long, Map<String, Long>> counts = new java.util.HashMap<>();
        jdbc.sql(COUNTS_BY_CHANNEL).param("tenantId", tenantId).query(row -> {
            counts.computeIfAbsent(row.getLong("channel_id"), id -> new java.util.HashMap<>())
                    .put(row.getString("status"), row.getLong("n"));
        });
        return counts;
    }

    /** How many notifications of every tenant have the status, for the metrics; NaN when the database is down. */
    double count(String status) {
        try {
            return jdbc.sql(COUNT).param("status", status).query(Long.class).single();
        } catch (org.springframework.dao.DataAccessException e) {
            return Double.NaN;
        }
    }

    List<Message> list(long tenantId, String status, Long channelId, int limit) {
        return jdbc.sql(DELIVERIES)
                .param("tenantId", tenantId)
                .param("status", status)
                .param("channelId", channelId)
                .param("limit", limit)
                .query(this::message)
                .list();
    }

    List<Attempt> attempts(long tenantId, long outboxId) {
        return jdbc.sql(ATTEMPTS)
                .param("tenantId", tenantId)
                .param("outboxId", outboxId)
                .query((row, n) -> new Attempt(
                        row.getInt("attempt"),
                        row.getTimestamp("started_at").toInstant(),
                        (Integer) row.getObject("status_code"),
                        row.getString("outcome"),
                        row.getString("error")))
                .list();
    }

    Optional<Message> find(long tenantId, long id) {
        return jdbc.sql("SELECT * FROM notification_outbox WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(this::message)
                .optional();
    }

    private Message message(ResultSet row, int rowNumber) throws SQLException {
        Object alertId = row.getObject("alert_id");
        return new Message(
                row.getLong("tenant_id"),
                row.getLong("id"),
                row.getLong("channel_id"),
                alertId == null ? null : ((Number) alertId).longValue(),
                row.getString("message_id"),
                NotificationEvent.fromId(row.getString("event_type")),
                json.readValue(row.getString("data"), MAP),
                row.getString("status"),
                row.getInt("attempts"),
                row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("next_attempt_at").toInstant(),
                row.getString("last_error"));
    }
}
