package io.hijackwatch.tenant;

import io.hijackwatch.database.EmbeddedDatabaseMarker;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the tenant {@value #NAME} with an admin key on a fresh demo start. A random key is printed to standard
 * output exactly once, when it is made, and never logged; an operator-chosen key is never printed.
 */
@Component
@EnableConfigurationProperties(DemoTenantProperties.class)
class DemoTenant implements ApplicationRunner {

    static final String NAME = "default";
    private static final Logger log = LoggerFactory.getLogger(DemoTenant.class);

    private final TenantRepository tenants;
    private final TransactionTemplate transactions;
    private final DemoTenantProperties properties;
    private final boolean embeddedDatabase;
    private final PrintStream console;

    DemoTenant(
            TenantRepository tenants,
            TransactionTemplate transactions,
            DemoTenantProperties properties,
            ObjectProvider<EmbeddedDatabaseMarker> embeddedDatabase) {
        this.tenants = tenants;
        this.transactions = transactions;
        this.properties = properties;
        this.embeddedDatabase = embeddedDatabase.getIfAvailable() != null;
        this.console = System.out;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean enabled = properties.enabled() != null ? properties.enabled() : embeddedDatabase;
        if (enabled) {
            transactions.executeWithoutResult(status -> ensureDemoTenant());
        }
    }

    private void ensureDemoTenant() {
        boolean created = tenants.findTenant(NAME).isEmpty();
        long tenantId = tenants.findTenant(NAME).orElseGet(() -> tenants.createTenant(NAME));
        String chosenKey = properties.apiKey();
        if (chosenKey != null && !chosenKey.isBlank()) {
            if (!tenants.keyExists(chosenKey)) {
                tenants.addKey(tenantId, "demo key from configuration", Role.ADMIN, chosenKey, null);
                log.info("Added the configured demo API key to tenant '{}'", NAME);
            }
        } else if (created) {
            printOnce(tenants.createKey(tenantId, "demo key", Role.ADMIN, null));
        }
    }

    private void printOnce(String key) {
        console.println();
        console.println("Hijackwatch created the demo tenant '" + NAME + "'. Its admin API key, shown only now:");
        console.println();
        console.println("    " + key);
        console.println();
        console.println("Post events with: curl -H 'Authorization: Bearer <key>' -H 'Content-Type: application/json' "
                + "--data-binary @events.json 'http://localhost:8080/api/v1/events?format=cloudtrail'");
        console.println();
    }
}
