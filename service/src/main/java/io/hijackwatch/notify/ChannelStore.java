package io.hijackwatch.notify;

import io.hijackwatch.detect.Severity;
import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The notification channels of every tenant; every statement is keyed by the tenant. */
@Repository
class ChannelStore {

    private static final String INSERT = """
            INSERT INTO notification_channel (tenant_id, name, type, url, min_severity, techniques, providers,
                                              accounts, events, escalate_at_count, secret)
            VALUES (:tenantId, :name, :type, :url, :minSeverity, :techniques, :providers, :accounts, :events,
                    :escalateAtCount, :secret)
            RETURNING *
            """;

    private static final String UPDATE = """
            UPDATE notification_channel
            SET name = :name, url = :url, min_severity = :minSeverity, techniques = :techniques,
                providers = :providers, accounts = :accounts, events = :events,
                escalate_at_count = :escalateAtCount, enabled = :enabled,
                disabled_reason = CASE WHEN :enabled THEN NULL ELSE disabled_reason END, updated_at = now()
            WHERE tenant_id = :tenantId AND id = :id
            RETURNING *
            """;

    private static final String LIST = """
            SELECT * FROM notification_channel WHERE tenant_id = :tenantId ORDER BY id
            """;

    private static final String FIND = """
            SELECT * FROM notification_channel WHERE tenant_id = :tenantId AND id = :id
            """;

    private static final String ENABLED = """
            SELECT * FROM notification_channel WHERE tenant_id = :tenantId AND enabled ORDER BY id
            """;

    private static final String DELETE = """
            DELETE FROM notification_channel WHERE tenant_id = :tenantId AND id = :id
            """;

    private static final String ROTATE = """
            UPDATE notification_channel
            SET previous_secret = secret, previous_secret_until = :until, secret = :secret, updated_at = now()
            WHERE tenant_id = :tenantId AND id = :id AND type = 'webhook'
            RETURNING *
            """;

    private static final String DISABLE = """
            UPDATE notification_channel SET enabled = false, disabled_reason = :reason, updated_at = now()
            WHERE tenant_id = :tenantId AND id = :id
            """;

    private final JdbcClient jdbc;

    ChannelStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a tenant sets on a channel. */
    record Settings(
            String name,
            URI url,
            Severity minSeverity,
            List<String> techniques,
            List<String> providers,
            List<String> accounts,
            Set<NotificationEvent> events,
            long escalateAtCount,
            boolean enabled) {}

    Channel create(long tenantId, ChannelType type, Settings settings, String secret) {
        return jdbc.sql(INSERT)
                .param("tenantId", tenantId)
                .param("type", type.id())
                .param("secret", secret)
                .params(parameters(settings))
                .query(ChannelStore::channel)
                .single();
    }

    Optional<Channel> update(long tenantId, long id, Settings settings) {
        return jdbc.sql(UPDATE)
                .param("tenantId", tenantId)
                .param("id", id)
                .param("enabled", settings.enabled())
                .params(parameters(settings))
                .query(ChannelStore::channel)
                .optional();
    }

    List<Channel> list(long tenantId) {
        return jdbc.sql(LIST)
                .param("tenantId", tenantId)
                .query(ChannelStore::channel)
                .list();
    }

    Optional<Channel> find(long tenantId, long id) {
        return jdbc.sql(FIND)
                .param("tenantId", tenantId)
                .param("id", id)
                .query(ChannelStore::channel)
                .optional();
    }

    List<Channel> enabled(long tenantId) {
        return jdbc.sql(ENABLED)
                .param("tenantId", tenantId)
                .query(ChannelStore::channel)
                .list();
    }

    boolean delete(long tenantId, long id) {
        return jdbc.sql(DELETE).param("tenantId", tenantId).param("id", id).update() > 0;
    }

    /** Makes a new secret current and keeps the old one valid until the given time; empty unless a webhook. */
    Optional<Channel> rotate(long tenantId, long id, String secret, Instant previousValidUntil) {
        return jdbc.sql(ROTATE)
                .param("tenantId", tenantId)
                .param("id", id)
                .param("secret", secret)
                .param("until", Timestamp.from(previousValidUntil))
                .query(ChannelStore::channel)
                .optional();
    }

    void disable(long tenantId, long id, String reason) {
        jdbc.sql(DISABLE)
                .param("tenantId", tenantId)
                .param("id", id)
                .param("reason", reason)
                .update();
    }

    private static java.util.Map<String, Object> parameters(Settings settings) {
        return java.util.Map.of(
                "name", settings.name(),
                "url", settings.url().toString(),
                "minSeverity", settings.minSeverity().id(),
                "techniques", settings.techniques().toArray(String[]::new),
                "providers", settings.providers().toArray(String[]::new),
                "accounts", settings.accounts().toArray(String[]::new),
                "events", settings.events().stream().map(NotificationEvent::id).toArray(String[]::new),
                "escalateAtCount", settings.escalateAtCount());
    }

    static Channel channel(ResultSet row, int rowNumber) throws SQLException {
        Timestamp previousUntil = row.getTimestamp("previous_secret_until");
        Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
        strings(row.getArray("events")).forEach(event -> events.add(NotificationEvent.fromId(event)));
        return new Channel(
                row.getLong("tenant_id"),
                row.getLong("id"),
                row.getString("name"),
                ChannelType.fromId(row.getString("type")),
                URI.create(row.getString("url")),
                Severity.fromId(row.getString("min_severity")),
                strings(row.getArray("techniques")),
                strings(row.getArray("providers")),
                strings(row.getArray("accounts")),
                Set.copyOf(events),
                row.getLong("escalate_at_count"),
                row.getBoolean("enabled"),
                row.getString("disabled_reason"),
                row.getString("secret"),
                row.getString("previous_secret"),
                previousUntil == null ? null : previousUntil.toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
