package io.hijackwatch.collector.azure.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a tenant may set for an {@code azure-activity-log} source, and what opening one does not do. */
class AzureActivityLogSettingsTests {

    private static final String SUBSCRIPTION = "7D3E1F52-9A4B-4C6D-8E2F-0A1B2C3D4E5F";
    private static final String TENANT = "3c9a7e21-5b6d-4f80-9a1c-2e3d4f5a6b7c";
    private static final String CLIENT = "0f5e2c1a-8b7d-4e6f-9a0b-1c2d3e4f5a6b";

    private final AzureActivityLogCollectorFactory factory = new AzureActivityLogCollectorFactory();

    @Test
    void isFoundByItsKindThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(SourceCollectorFactory.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .filter(candidate -> candidate.kind().equals("azure-activity-log")))
                .singleElement()
                .satisfies(found -> assertThat(found.provider()).isEqualTo(Provider.AZURE));
    }

    @Test
    void declaresTheClientSecretAsASecretReferenceAndOnlyTheSubscriptionAsRequired() {
        assertThat(factory.settings())
                .filteredOn(SourceSetting::required)
                .map(SourceSetting::name)
                .containsExactly("subscriptionId");
        assertThat(factory.settings())
                .filteredOn(SourceSetting::secretReference)
                .map(SourceSetting::name)
                .containsExactly("clientSecret");
        assertThat(factory.settings())
                .map(SourceSetting::name)
                .containsExactlyInAnyOrder(
                        "subscriptionId",
                        "tenantId",
                        "clientId",
                        "clientSecret",
                        "credential",
                        "overlap",
                        "initialLookback");
    }

    @Test
    void readsDefaultsAndLowerCasesTheSubscription() {
        AzureSourceSettings settings = AzureSourceSettings.from(config(clientSecretSettings()));

        assertThat(settings.subscriptionId()).isEqualTo(SUBSCRIPTION.toLowerCase());
        assertThat(settings.credential()).isEqualTo(CredentialKind.CLIENT_SECRET);
        assertThat(settings.overlap()).isEqualTo(Duration.ofMinutes(20));
        assertThat(settings.initialLookback()).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "subscriptionId  | 7d3e1f52-9a4b-4c6d-8e2f                 | must be a GUID",
                "subscriptionId  | /subscriptions/7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f | must be a GUID",
                "clientId        | my-app                                  | must be a GUID",
                "tenantId        | contoso/../../evil                      | tenant id",
                "credential      | certificate                             | must be one of client-secret",
                "overlap         | 20 minutes                              | ISO-8601 duration",
                "overlap         | -PT5M                                   | between PT0S and P89D",
                "initialLookback | P120D                                   | between PT0S and P89D"
            })
    void refusesSettingsThatCannotWork(String name, String value, String reason) {
        Map<String, String> settings = clientSecretSettings();
        settings.put(name, value);

        assertThatThrownBy(() -> factory.open(config(settings)))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource({"tenantId", "clientId", "clientSecret"})
    void clientSecretCredentialNeedsTenantClientAndSecret(String missing) {
        Map<String, String> settings = clientSecretSettings();
        settings.remove(missing);

        assertThatThrownBy(() -> factory.open(config(settings)))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("client-secret");
    }

    @ParameterizedTest
    @CsvSource({"workload-identity", "managed-identity", "default"})
    void refusesAClientSecretWithTheServicesOwnIdentity(String credential) {
        Map<String, String> settings = clientSecretSettings();
        settings.put("credential", credential);

        assertThatThrownBy(() -> factory.open(config(settings)))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("clientSecret is only used with credential client-secret");
    }

    @Test
    void workloadIdentityNeedsTenantAndClient() {
        Map<String, String> settings =
                new HashMap<>(Map.of("subscriptionId", SUBSCRIPTION, "credential", "workload-identity"));

        assertThatThrownBy(() -> factory.open(config(settings)))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("tenantId");
        settings.put("tenantId", TENANT);
        settings.put("clientId", CLIENT);
        assertThat(factory.open(config(settings))).isNotNull();
    }

    @Test
    void managedIdentityNeedsOnlyTheSubscription() {
        Map<String, String> settings = Map.of("subscriptionId", SUBSCRIPTION, "credential", "Managed-Identity");

        assertThat(AzureSourceSettings.from(config(settings)).credential()).isEqualTo(CredentialKind.MANAGED_IDENTITY);
    }

    @Test
    void openingResolvesNoSecret() {
        SourceConfig config = new SourceConfig(
                "source-1",
                clientSecretSettings(),
                reference -> fail("opening a collector resolved " + reference),
                CollectorEnvironment.defaults());

        assertThat(factory.open(config)).isNotNull();
    }

    @Test
    void refusesEndpointOverridesWithoutTls() {
        CollectorEnvironment environment = new CollectorEnvironment(
                Map.of("azure-management", URI.create("http://localhost:8080")),
                CollectorEnvironment.defaults().clock());
        SourceConfig config = new SourceConfig("source-1", clientSecretSettings(), reference -> "x", environment);

        assertThatThrownBy(() -> factory.open(config))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("azure-management")
                .hasMessageContaining("https");
    }

    private static Map<String, String> clientSecretSettings() {
        return new HashMap<>(Map.of(
                "subscriptionId", SUBSCRIPTION,
                "tenantId", TENANT,
                "clientId", CLIENT,
                "clientSecret", "env:AZURE_CLIENT_SECRET"));
    }

    private static SourceConfig config(Map<String, String> settings) {
        return new SourceConfig("source-1", settings, reference -> "unused", CollectorEnvironment.defaults());
    }
}
