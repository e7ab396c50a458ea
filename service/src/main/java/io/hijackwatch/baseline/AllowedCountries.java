package io.hijackwatch.baseline;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Destination countries that the SMS pumping detector never counts as new or rare: for the whole tenant (account
 * {@value #TENANT_WIDE}) or for one account.
 */
@Repository
class AllowedCountries {

    static final String TENANT_WIDE = "*";

    private static final String FOR_ACCOUNT = """
            SELECT country FROM sms_allowed_country
            WHERE tenant_id = :tenantId AND account IN (:account, '*')
            """;

    private static final String LISTED = """
            SELECT country FROM sms_allowed_country WHERE tenant_id = :tenantId AND account = :account ORDER BY country
            """;

    private static final String CLEAR = """
            DELETE FROM sms_allowed_country WHERE tenant_id = :tenantId AND account = :account
            """;

    private static final String ADD = """
            INSERT INTO sms_allowed_country (tenant_id, account, country)
            SELECT :tenantId, :account, unnest(:countries::text[])
            """;

    private final JdbcClient jdbc;

    AllowedCountries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The countries allowed for an account, its own and the tenant's. */
    Set<String> effective(long tenantId, String account) {
        return new TreeSet<>(jdbc.sql(FOR_ACCOUNT)
                .param("tenantId", tenantId)
                .param("account", account)
                .query(String.class)
                .list());
    }

    /** The countries listed under exactly this account, or {@value #TENANT_WIDE}. */
    List<String> listed(long tenantId, String account) {
        return jdbc.sql(LISTED)
                .param("tenantId", tenantId)
                .param("account", account)
                .query(String.class)
                .list();
    }

    /** Replaces the list of an account (or of the tenant). Call inside a transaction. */
    void replace(long tenantId, String account, Collection<String> countries) {
        jdbc.sql(CLEAR).param("tenantId", tenantId).param("account", account).update();
        if (!countries.isEmpty()) {
            jdbc.sql(ADD)
                    .param("tenantId", tenantId)
                    .param("account", account)
                    .param("countries", new TreeSet<>(countries).toArray(String[]::new))
                    .update();
        }
    }
}
