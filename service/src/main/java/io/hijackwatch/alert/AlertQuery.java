package io.hijackwatch.alert;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The filters of {@code GET /api/v1/alerts}; each that is set must hold. Lists hold any of their values.
 *
 * @param since alerts whose last finding is at or after this time
 * @param until alerts whose first finding is before this time
 */
public record AlertQuery(
        List<String> statuses,
        List<String> severities,
        List<String> techniques,
        List<String> providers,
        List<String> accounts,
        List<String> rules,
        Instant since,
        Instant until) {

    void appendTo(StringBuilder sql, Map<String, Object> params) {
        anyOf("status", statuses, sql, params);
        anyOf("severity", severities, sql, params);
        anyOf("technique", techniques, sql, params);
        anyOf("provider", providers, sql, params);
        anyOf("account", accounts, sql, params);
        anyOf("rule_id", rules, sql, params);
        if (since != null) {
            sql.append(" AND last_seen >= :since");
            params.put("since", Timestamp.from(since));
        }
        if (until != null) {
            sql.append(" AND first_seen < :until");
            params.put("until", Timestamp.from(until));
        }
    }

    private static void anyOf(String column, List<String> values, StringBuilder sql, Map<String, Object> params) {
        if (values == null || values.isEmpty()) {
            return;
        }
        sql.append(" AND ").append(column).append(" = ANY (:").append(column).append("::text[])");
        params.put(column, values.toArray(String[]::new));
    }
}
