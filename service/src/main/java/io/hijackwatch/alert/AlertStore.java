package io.hijackwatch.alert;

import io.hijackwatch.detect.Finding;
import io.hijackwatch.detect.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts of every tenant. Findings are merged into the open alert of their rule and dedup key when one started
 * within the rule's window, and open a new alert otherwise; a new alert that matches an active suppression is stored
 * as suppressed.
 */
@Repository
public class AlertStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

    private static final String FIND_MERGEABLE = """
            SELECT * FROM alert
            WHERE tenant_id = :tenantId AND rule_id = :ruleId AND dedup_key = :dedupKey
              AND first_seen BETWEEN :from AND :to AND status <> 'resolved'
            ORDER BY first_seen DESC
            LIMIT 1
            FOR UPDATE
            """;

    private static final String INSERT = """
            INSERT INTO alert (tenant_id, rule_id, dedup_key, title, severity, technique, provider, account, region,
                               principal, first_seen, last_seen, count, status, summary, evidence, runbook)
            VALUES (:tenantId, :ruleId, :dedupKey, :title, :severity, :technique, :provider, :account, :region,
                    :principal, :firstSeen, :lastSeen, :count, :status, :summary, :evidence::jsonb, :runbook::jsonb)
            RETURNING id
            """;

    private static final String UPDATE_MERGED = """
            UPDATE alert SET severity = :severity, first_seen = :firstSeen, last_seen = :lastSeen, count = :count,
                             summary = :summary, evidence = :evidence::jsonb, updated_at = now()
            WHERE tenant_id = :tenantId AND id = :id
            """;

    private static final String ACTIVE_SUPPRESSIONS = """
            SELECT rule_id, account, principal FROM suppression
            WHERE tenant_id = :tenantId AND (expires_at IS NULL OR expires_at > now())
            """;

    private static final String FIND_BY_ID = """
            SELECT * FROM alert WHERE tenant_id = :tenantId AND id = :id
            """;

    private static final String LOCK_BY_ID = """
            SELECT * FROM alert WHERE tenant_id = :tenantId AND id = :id FOR UPDATE
            """;

    private static final String UPDATE_STATUS = """
            UPDATE alert SET status = :status, updated_at = now() WHERE tenant_id = :tenantId AND id = :id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final List<AlertChangeListener> listeners;

    AlertStore(JdbcClient jdbc, JsonMapper json, List<AlertChangeListener> listeners) {
        this.jdbc = jdbc;
        this.json = json;
        this.listeners = List.copyOf(listeners);
    }

    /** Records findings as alerts; call inside the transaction that stored their events. */
    public void record(long tenantId, List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        List<SuppressionMatch> suppressions = activeSuppressions(tenantId);
        Map<String, Draft> drafts = new LinkedHashMap<>();
        for (Finding finding : findings) {
            String key = finding.rule().id() + '\u001f' + finding.dedupKey();
            Draft draft = drafts.get(key);
            if (draft == null
                    || !AlertMerger.withinWindow(
                            draft.alert, finding.time(), finding.rule().dedupWindow())) {
                if (draft != null) {
                    write(tenantId, draft);
                }
                draft = mergeable(tenantId, finding)
                        .map(stored -> new Draft(stored, AlertMerger.merge(stored, finding), finding.dedupKey()))
                        .orElseGet(() -> new Draft(null, opened(finding, suppressions), finding.dedupKey()));
                drafts.put(key, draft);
            } else {
                draft.alert = AlertMerger.merge(draft.alert, finding);
            }
        }
        drafts.values().forEach(draft -> write(tenantId, draft));
    }

    private static Alert opened(Finding finding, List<SuppressionMatch> suppressions) {
        Alert alert = AlertMerger.open(finding);
        boolean suppressed = suppressions.stream().anyMatch(match -> match.covers(alert));
        return suppressed ? withStatus(alert, AlertStatus.SUPPRESSED) : alert;
    }

    private Optional<Alert> mergeable(long tenantId, Finding finding) {
        return jdbc.sql(FIND_MERGEABLE)
                .param("tenantId", tenantId)
                .param("ruleId", finding.rule().id())
                .param("dedupKey", finding.dedupKey())
                .param(
                        "from",
                        Timestamp.from(finding.time().minus(finding.rule().dedupWindow())))
                .param("to", Timestamp.from(finding.time().plus(finding.rule().dedupWindow())))
                .query(this::alert)
                .optional();
    }

    private void write(long tenantId, Draft draft) {
        Alert alert = draft.alert;
        if (draft.stored()) {
            jdbc.sql(UPDATE_MERGED)
                    .param("tenantId", tenantId)
                    .param("id", alert.id())
                    .param("severity", alert.severity().id())
                    .param("firstSeen", Timestamp.from(alert.firstSeen()))
                    .param("lastSeen", Timestamp.from(alert.lastSeen()))
                    .param("count", alert.count())
                    .param("summary", alert.summary())
                    .param("evidence", json.writeValueAsString(alert.evidence()))
                    .update();
            announce(new AlertChange(tenantId, draft.before, alert));
            return;
        }
        long id = jdbc.sql(INSERT)
                .param("tenantId", tenantId)
                .param("ruleId", alert.ruleId())
                .param("dedupKey", draft.dedupKey)
                .param("title", alert.title())
                .param("severity", alert.severity().id())
                .param("technique", alert.technique())
                .param("provider", alert.provider())
                .param("account", alert.account())
                .param("region", alert.region())
                .param("principal", alert.principal())
                .param("firstSeen", Timestamp.from(alert.firstSeen()))
                .param("lastSeen", Timestamp.from(alert.lastSeen()))
                .param("count", alert.count())
                .param("status", alert.status().id())
                .param("summary", alert.summary())
                .param("evidence", json.writeValueAsString(alert.evidence()))
                .param("runbook", json.writeValueAsString(alert.runbook()))
                .query(Long.class)
                .single();
        draft.alert = withId(alert, id);
        announce(new AlertChange(tenantId, null, draft.alert));
        draft.before = draft.alert;
    }

    private void announce(AlertChange change) {
        listeners.forEach(listener -> listener.onChange(change));
    }

    public Optional<Alert> find(long tenantId, long id) {
        return jdbc.sql(FIND_BY_ID)
                .param("tenantId", tenantId)
                .param("id", id)
                .query(this::alert)
                .optional();
    }

    /**
     * Sets the status of the tenant's alert; empty when the tenant has no alert with that id. Call inside a
     * transaction, so that what listeners write commits with the change.
     */
    public Optional<Alert> updateStatus(long tenantId, long id, AlertStatus status) {
        Optional<Alert> before = jdbc.sql(LOCK_BY_ID)
                .param("tenantId", tenantId)
                .param("id", id)
                .query(this::alert)
                .optional();
        if (before.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql(UPDATE_STATUS)
                .param("tenantId", tenantId)
                .param("id", id)
                .param("status", status.id())
                .update();
        Alert after = withStatus(before.get(), status);
        if (before.get().status() != status) {
            announce(new AlertChange(tenantId, before.get(), after));
        }
        return Optional.of(after);
    }

    /** A page of the tenant's alerts, newest first, after the cursor (an alert id) when one is given. */
    public List<Alert> list(long tenantId, AlertQuery query, Long afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM alert WHERE tenant_id = :tenantId");
        Map<String, Object> params = new HashMap<>();
        params.put("tenantId", tenantId);
        query.appendTo(sql, params);
        if (afterId != null) {
            sql.append(" AND id < :afterId");
            params.put("afterId", afterId);
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(this::alert).list();
    }

    private List<SuppressionMatch> activeSuppressions(long tenantId) {
        return jdbc.sql(ACTIVE_SUPPRESSIONS)
                .param("tenantId", tenantId)
                .query((row, n) -> new SuppressionMatch(
                        row.getString("rule_id"), row.getString("account"), row.getString("principal")))
                .list();
    }

    private Alert alert(ResultSet row, int rowNumber) throws SQLException {
        Map<String, Object> evidence = json.readValue(row.getString("evidence"), MAP);
        @SuppressWarnings("unchecked")
        List<String> eventIds = (List<String>) evidence.getOrDefault("eventIds", List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) evidence.getOrDefault("fields", Map.of());
        return new Alert(
                row.getLong("id"),
                row.getString("rule_id"),
                row.getString("title"),
                Severity.fromId(row.getString("severity")),
                row.getString("technique"),
                row.getString("provider"),
                row.getString("account"),
                row.getString("region"),
                row.getString("principal"),
                instant(row, "first_seen"),
                instant(row, "last_seen"),
                row.getLong("count"),
                AlertStatus.fromId(row.getString("status")),
                row.getString("summary"),
                new Alert.Evidence(List.copyOf(eventIds), fields),
                json.readValue(row.getString("runbook"), LIST));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getTimestamp(column).toInstant();
    }

    private static Alert withStatus(Alert alert, AlertStatus status) {
        return copy(alert, alert.id(), status);
    }

    private static Alert withId(Alert alert, long id) {
        return copy(alert, id, alert.status());
    }

    private static Alert copy(Alert alert, long id, AlertStatus status) {
        return new Alert(
                id,
                alert.ruleId(),
                alert.title(),
                alert.severity(),
                alert.technique(),
                alert.provider(),
                alert.account(),
                alert.region(),
                alert.principal(),
                alert.firstSeen(),
                alert.lastSeen(),
                alert.count(),
                status,
                alert.summary(),
                alert.evidence(),
                alert.runbook());
    }

    /** An alert on its way to the table, and how it was stored before ({@code null} when it is not yet). */
    private static final class Draft {
        Alert before;
        Alert alert;
        final String dedupKey;

        Draft(Alert before, Alert alert, String dedupKey) {
            this.before = before;
            this.alert = alert;
            this.dedupKey = dedupKey;
        }

        boolean stored() {
            return before != null;
        }
    }

    /** A suppression: each part that is set must equal the alert's. */
    private record SuppressionMatch(String ruleId, String account, String principal) {
        boolean covers(Alert alert) {
            return (ruleId == null || ruleId.equals(alert.ruleId()))
                    && (account == null || account.equals(alert.account()))
                    && (principal == null || principal.equals(alert.principal()));
        }
    }
}
