package io.hijackwatch.ingest;

import io.hijackwatch.collector.NormalizedEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores normalized events, once each: a batch goes in as one statement over arrays, and rows whose provider event id
 * the tenant already has are left alone.
 */
@Repository
public class EventStore {

    private static final String INSERT_NEW = """
            INSERT INTO event (tenant_id, provider, event_id, account, region, event_time, service, action,
                               principal, source_ip, user_agent, outcome, error_code, resource, attributes)
            SELECT :tenantId, e.provider, e.event_id, e.account, e.region, e.event_time::timestamptz, e.service,
                   e.action, e.principal, e.source_ip, e.user_agent, e.outcome, e.error_code, e.resource,
                   e.attributes::json
            FROM unnest(:providers::text[], :eventIds::text[], :accounts::text[], :regions::text[],
                        :times::text[], :services::text[], :actions::text[], :principals::text[],
                        :sourceIps::text[], :userAgents::text[], :outcomes::text[], :errorCodes::text[],
                        :resources::text[], :attributes::text[])
                 AS e (provider, event_id, account, region, event_time, service, action, principal, source_ip,
                       user_agent, outcome, error_code, resource, attributes)
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """;

    private static final String COUNT_FOR_TENANT = """
            SELECT count(*) FROM event WHERE tenant_id = :tenantId
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EventStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Stores the events the tenant does not have yet and returns those, in the order given. An event repeated within
     * the list is stored and returned once.
     */
    public List<NormalizedEvent> insertNew(long tenantId, List<NormalizedEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Columns columns = new Columns(events.size());
        events.forEach(columns::add);
        List<String> storedIds = jdbc.sql(INSERT_NEW)
                .param("tenantId", tenantId)
                .param("providers", columns.providers)
                .param("eventIds", columns.eventIds)
                .param("accounts", columns.accounts)
                .param("regions", columns.regions)
                .param("times", columns.times)
                .param("services", columns.services)
                .param("actions", columns.actions)
                .param("principals", columns.principals)
                .param("sourceIps", columns.sourceIps)
                .param("userAgents", columns.userAgents)
                .param("outcomes", columns.outcomes)
                .param("errorCodes", columns.errorCodes)
                .param("resources", columns.resources)
                .param("attributes", columns.attributes)
                .query(String.class)
                .list();
        if (storedIds.size() == events.size()) {
            // Every event was new (a repeat within the list would have been stored once, returning fewer ids).
            return List.copyOf(events);
        }
        return stored(events, Set.copyOf(storedIds));
    }

    private static List<NormalizedEvent> stored(List<NormalizedEvent> events, Set<String> storedIds) {
        List<NormalizedEvent> stored = new ArrayList<>(storedIds.size());
        Set<String> taken = new HashSet<>();
        for (NormalizedEvent event : events) {
            if (storedIds.contains(event.eventId()) && taken.add(event.eventId())) {
                stored.add(event);
            }
        }
        return stored;
    }

    public long countForTenant(long tenantId) {
        return jdbc.sql(COUNT_FOR_TENANT)
                .param("tenantId", tenantId)
                .query(Long.class)
                .single();
    }

    /** One array per column, the shape {@code unnest} takes. */
    private final class Columns {
        final String[] providers;
        final String[] eventIds;
        final String[] accounts;
        final String[] regions;
        final String[] times;
        final String[] services;
        final String[] actions;
        final String[] principals;
        final String[] sourceIps;
        final String[] userAgents;
        final String[] outcomes;
        final String[] errorCodes;
        final String[] resources;
        final String[] attributes;
        private int row;

        Columns(int size) {
            providers = new String[size];
            eventIds = new String[size];
            accounts = new String[size];
            regions = new String[size];
            times = new String[size];
            services = new String[size];
            actions = new String[size];
            principals = new String[size];
            sourceIps = new String[size];
            userAgents = new String[size];
            outcomes = new String[size];
            errorCodes = new String[size];
            resources = new String[size];
            attributes = new String[size];
        }

        void add(NormalizedEvent event) {
            providers[row] = event.provider().id();
            eventIds[row] = event.eventId();
            accounts[row] = event.account();
            regions[row] = event.region();
            times[row] = event.time().toString();
            services[row] = event.service();
            actions[row] = event.action();
            principals[row] = event.principal();
            sourceIps[row] = event.sourceIp();
            userAgents[row] = event.userAgent();
            outcomes[row] = event.outcome().id();
            errorCodes[row] = event.errorCode();
            resources[row] = event.resource();
            attributes[row] = attributesJson(event.attributes(), json);
            row++;
        }
    }

    /**
     * The attributes as a JSON object. Their values are strings, numbers, booleans and lists of those, which are
     * written here directly (this runs for every stored event); anything else goes through Jackson.
     */
    static String attributesJson(Map<String, Object> attributes, JsonMapper json) {
        if (attributes.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(attributes.size() * 48);
        out.append('{');
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            appendString(out, entry.getKey());
            out.append(':');
            if (!appendValue(out, entry.getValue())) {
                return json.writeValueAsString(attributes);
            }
        }
        return out.append('}').toString();
    }

    private static boolean appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            appendString(out, (String) value);
        } else if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof BigInteger
                || value instanceof BigDecimal) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                return false;
            }
            out.append(value);
        } else if (value instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                if (!appendValue(out, item)) {
                    return false;
                }
            }
            out.append(']');
        } else {
            return false;
        }
        return true;
    }

    private static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
