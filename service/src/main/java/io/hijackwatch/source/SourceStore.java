package io.hijackwatch.source;

import io.hijackwatch.collector.pull.Cursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sources, their rejections and their leases. What the API does is limited to one tenant; the scheduler's claim
 * looks at every tenant's due sources, since any replica may poll any of them.
 */
@Repository
class SourceStore {

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {};

    /** How many rejections each source keeps, newest first. */
    static final int KEPT_REJECTIONS = 100;

    private static final String COLUMNS = """
            tenant_id, id, name, kind, settings::text AS settings, revision, paused, cursor::text AS cursor,
            position, status, last_error, last_success_at, next_poll_at, consecutive_failures, events_total,
            created_at, updated_at, lease_token
            """;

    private static final String INSERT = """
            INSERT INTO source (tenant_id, name, kind, settings, paused)
            VALUES (:tenantId, :name, :kind, :settings::jsonb, :paused)
            RETURNING""" + " " + COLUMNS;

    private static final String LIST = "SELECT " + COLUMNS + " FROM source WHERE tenant_id = :tenantId ORDER BY id";

    private static final String FIND = "SELECT " + COLUMNS + " FROM source WHERE tenant_id = :tenantId AND id = :id";

    private static final String UPDATE = """
            UPDATE source SET name = :name, settings = :settings::jsonb, revision = revision + 1,
                              next_poll_at = now(), paused = :paused, updated_at = now()
            WHERE tenant_id = :tenantId AND id = :id
            RETURNING""" + " " + COLUMNS;

    private static final String SET_PAUSED = """
            UPDATE source SET next_poll_at = CASE WHEN paused AND NOT :paused THEN now() ELSE next_poll_at END,
                              paused = :paused, updated_at = now()
            WHERE tenant_id = :tenantId AND id = :id
            RETURNING""" + " " + COLUMNS;

    private static final String DELETE = "DELETE FROM source WHERE tenant_id = :tenantId AND id = :id";

    private static final String REJECTIONS = """
            SELECT at, reason FROM source_rejection WHERE tenant_id = :tenantId AND source_id = :sourceId
            ORDER BY id DESC LIMIT :limit
            """;

    private static final String CLAIM_DUE = """
            UPDATE source SET lease_owner = :owner, lease_expires_at = now() + make_interval(secs => :ttl),
                              lease_token = lease_token + 1
            WHERE id IN (SELECT id FROM source
                         WHERE NOT paused AND next_poll_at <= now()
                           AND (lease_expires_at IS NULL OR lease_expires_at < now()
                                OR (lease_owner = :owner AND NOT (id = ANY(:running::bigint[]))))
                         ORDER BY next_poll_at
                         LIMIT :limit
                         FOR UPDATE SKIP LOCKED)
            RETURNING""" + " " + COLUMNS;

    private static final String RENEW = """
            UPDATE source SET lease_expires_at = now() + make_interval(secs => :ttl)
            WHERE tenant_id = :tenantId AND id = :id AND lease_owner = :owner AND lease_token = :token
            RETURNING paused, revision
            """;

    private static final String LOCK_LEASE = """
            SELECT paused, revision FROM source
            WHERE tenant_id = :tenantId AND id = :id AND lease_owner = :owner AND lease_token = :token
            FOR UPDATE
            """;

    private static final String SAVE_PROGRESS = """
            UPDATE source SET cursor = :cursor::jsonb, position = coalesce(:position, position),
                              events_total = events_total + :events,
                              lease_expires_at = now() + make_interval(secs => :ttl)
            WHERE tenant_id = :tenantId AND id = :id
            """;

    private static final String ADD_REJECTION = """
            INSERT INTO source_rejection (tenant_id, source_id, reason) VALUES (:tenantId, :sourceId, :reason)
            """;

    private static final String PRUNE_REJECTIONS = """
            DELETE FROM source_rejection WHERE tenant_id = :tenantId AND source_id = :sourceId
              AND id < (SELECT min(id) FROM (SELECT id FROM source_rejection
                                             WHERE tenant_id = :tenantId AND source_id = :sourceId
                                             ORDER BY id DESC LIMIT :kept) AS newest)
            """;

    private static final String FINISH_OK = """
            UPDATE source SET lease_owner = NULL, lease_expires_at = NULL, status = 'ok', last_error = NULL,
                              last_success_at = now(), consecutive_failures = 0,
                              next_poll_at = now() + make_interval(secs => :delay)
            WHERE tenant_id = :tenantId AND id = :id AND lease_owner = :owner AND lease_token = :token
            """;

    private static final String FINISH_FAILED = """
            UPDATE source SET lease_owner = NULL, lease_expires_at = NULL, status = :status, last_error = :error,
                              consecutive_failures = consecutive_failures + 1,
                              next_poll_at = now() + make_interval(secs => :delay)
            WHERE tenant_id = :tenantId AND id = :id AND lease_owner = :owner AND lease_token = :token
            """;

    private static final String RELEASE = """
            UPDATE source SET lease_owner = NULL, lease_expires_at = NULL
            WHERE tenant_id = :tenantId AND id = :id AND lease_owner = :owner AND lease_token = :token
            """;

    private static final String CURRENT = """
            SELECT id, paused, revision FROM source WHERE id = ANY(:ids)
            """;

    private static final String STATUS_COUNTS = """
            SELECT count(*) FILTER (WHERE NOT paused AND status <> 'failing') AS active,
                   count(*) FILTER (WHERE NOT paused AND status = 'failing') AS failing,
                   count(*) FILTER (WHERE paused) AS paused
            FROM source
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SourceStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What the replica holding a source needs to know about it while it polls. */
    record LeaseState(boolean paused, long revision) {}

    /** A claimed source and the lease it was claimed with. */
    record Claim(Source source, Lease lease) {}

    /** Counts over all tenants, for health: nothing that names a tenant. */
    record Counts(long active, long failing, long paused) {}

    /** @throws org.springframework.dao.DuplicateKeyException when the tenant has a source of that name */
    Source create(long tenantId, String name, String kind, Map<String, String> settings, boolean paused) {
        return jdbc.sql(INSERT)
                .param("tenantId", tenantId)
                .param("name", name)
                .param("kind", kind)
                .param("settings", json.writeValueAsString(settings))
                .param("paused", paused)
                .query(this::source)
                .single();
    }

    List<Source> list(long tenantId) {
        return jdbc.sql(LIST).param("tenantId", tenantId).query(this::source).list();
    }

    Optional<Source> find(long tenantId, long id) {
        return jdbc.sql(FIND)
                .param("tenantId", tenantId)
                .param("id", id)
                .query(this::source)
                .optional();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the tenant has another source of that name */
    Optional<Source> update(long tenantId, long id, String name, Map<String, String> settings, boolean paused) {
        return jdbc.sql(UPDATE)
                .param("tenantId", tenantId)
                .param("id", id)
                .param("name", name)
                .param("settings", json.writeValueAsString(settings))
                .param("paused", paused)
                .query(this::source)
                .optional();
    }

    Optional<Source> setPaused(long tenantId, long id, boolean paused) {
        return jdbc.sql(SET_PAUSED)
                .param("tenantId", tenantId)
                .param("id", id)
                .param("paused", paused)
                .query(this::source)
                .optional();
    }

    boolean delete(long tenantId, long id) {
        return jdbc.sql(DELETE).param("tenantId", tenantId).param("id", id).update() > 0;
    }

    /** A rejected record, as shown to the tenant. */
    record RejectionView(Instant at, String reason) {}

    List<RejectionView> rejections(long tenantId, long sourceId, int limit) {
        return jdbc.sql(REJECTIONS)
                .param("tenantId", tenantId)
                .param("sourceId", sourceId)
                .param("limit", limit)
                .query((row, n) -> new RejectionView(instant(row, "at"), row.getString("reason")))
                .list();
    }

    /** Takes the lease of up to {@code limit} due, unpaused sources that no replica holds. */
    /**
     * Claims due sources whose lease is free or expired, and those this replica still holds a lease on but no longer
     * polls: a poll whose outcome could not be recorded (the database went away under it) leaves its lease behind,
     * and waiting for it to expire would hold collection back after the database returns.
     *
     * @param running the sources this replica is polling now, never claimed again
     */
    List<Claim> claimDue(String owner, Duration ttl, int limit, Collection<Long> running) {
        return jdbc.sql(CLAIM_DUE)
                .param("owner", owner)
                .param("running", running.toArray(new Long[0]))
                .param("ttl", seconds(ttl))
                .param("limit", limit)
                .query((row, n) -> new Claim(
                        source(row, n),
                        new Lease(row.getLong("tenant_id"), row.getLong("id"), owner, row.getLong("lease_token"))))
                .list();
    }

    /** Extends a lease; empty when it is no longer ours (taken over, or the source deleted). */
    Optional<LeaseState> renew(Lease lease, Duration ttl) {
        return jdbc.sql(RENEW)
                .params(leaseParams(lease))
                .param("ttl", seconds(ttl))
                .query(SourceStore::leaseState)
                .optional();
    }

    /** Locks the source's row for the current transaction, if the lease is still ours. */
    Optional<LeaseState> lockIfHeld(Lease lease) {
        return jdbc.sql(LOCK_LEASE)
                .params(leaseParams(lease))
                .query(SourceStore::leaseState)
                .optional();
    }

    /** Moves the cursor on; call in the transaction that stored what it covers, with the row locked. */
    void saveProgress(Lease lease, Cursor cursor, Instant position, long events, Duration ttl) {
        jdbc.sql(SAVE_PROGRESS)
                .param("tenantId", lease.tenantId())
                .param("id", lease.sourceId())
                .param("cursor", cursor.toJson())
                .param("position", position == null ? null : Timestamp.from(position))
                .param("events", events)
                .param("ttl", seconds(ttl))
                .update();
    }

    /** Keeps the reasons, and only the newest {@value #KEPT_REJECTIONS} of the source. */
    void addRejections(long tenantId, long sourceId, List<String> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        for (String reason : reasons.subList(Math.max(0, reasons.size() - KEPT_REJECTIONS), reasons.size())) {
            jdbc.sql(ADD_REJECTION)
                    .param("tenantId", tenantId)
                    .param("sourceId", sourceId)
                    .param("reason", reason)
                    .update();
        }
        jdbc.sql(PRUNE_REJECTIONS)
                .param("tenantId", tenantId)
                .param("sourceId", sourceId)
                .param("kept", KEPT_REJECTIONS)
                .update();
    }

    /** Ends a poll that worked and gives the lease up; false when the lease was no longer ours. */
    boolean finishSucceeded(Lease lease, Duration nextPollIn) {
        return jdbc.sql(FINISH_OK)
                        .params(leaseParams(lease))
                        .param("delay", seconds(nextPollIn))
                        .update()
                > 0;
    }

    /** Ends a poll that failed and gives the lease up; false when the lease was no longer ours. */
    boolean finishFailed(Lease lease, String status, String error, Duration nextPollIn) {
        return jdbc.sql(FINISH_FAILED)
                        .params(leaseParams(lease))
                        .param("status", status)
                        .param("error", error)
                        .param("delay", seconds(nextPollIn))
                        .update()
                > 0;
    }

    void release(Lease lease) {
        jdbc.sql(RELEASE).params(leaseParams(lease)).update();
    }

    /** The current state of some sources, by id; sources that no longer exist are missing. */
    Map<Long, LeaseState> current(List<Long> ids) {
        Map<Long, LeaseState> states = new HashMap<>();
        jdbc.sql(CURRENT)
                .param("ids", ids.toArray(Long[]::new))
                .query((row, n) -> Map.entry(row.getLong("id"), leaseState(row, n)))
                .list()
                .forEach(entry -> states.put(entry.getKey(), entry.getValue()));
        return states;
    }

    Counts counts() {
        return jdbc.sql(STATUS_COUNTS)
                .query((row, n) -> new Counts(row.getLong("active"), row.getLong("failing"), row.getLong("paused")))
                .single();
    }

    private static Map<String, Object> leaseParams(Lease lease) {
        return Map.of(
                "tenantId", lease.tenantId(),
                "id", lease.sourceId(),
                "owner", lease.owner(),
                "token", lease.token());
    }

    private static double seconds(Duration duration) {
        return Math.max(0, duration.toMillis()) / 1000.0;
    }

    private static LeaseState leaseState(ResultSet row, int n) throws SQLException {
        return new LeaseState(row.getBoolean("paused"), row.getLong("revision"));
    }

    private Source source(ResultSet row, int n) throws SQLException {
        return new Source(
                row.getLong("tenant_id"),
                row.getLong("id"),
                row.getString("name"),
                row.getString("kind"),
                json.readValue(row.getString("settings"), SETTINGS),
                row.getLong("revision"),
                row.getBoolean("paused"),
                Cursor.fromJson(row.getString("cursor")),
                instantOrNull(row, "position"),
                row.getString("status"),
                row.getString("last_error"),
                instantOrNull(row, "last_success_at"),
                instant(row, "next_poll_at"),
                row.getInt("consecutive_failures"),
                row.getLong("events_total"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getTimestamp(column).toInstant();
    }

    private static Instant instantOrNull(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
