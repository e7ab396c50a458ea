package io.hijackwatch.collector.gcp.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class GcpAuditLogSourceKindTests {

    @Test
    void isFoundByTheServiceLoaderAsGcpAuditLog() {
        assertThat(ServiceLoader.load(SourceCollectorFactory.class))
                .filteredOn(factory -> factory.kind().equals("gcp-audit-log"))
                .singleElement()
                .satisfies(factory -> assertThat(factory.provider()).isEqualTo(Provider.GCP));
    }

    @Test
    void declaresItsSettingsWithTheKeyAsASecretReference() {
        assertThat(new GcpAuditLogCollectorFactory().settings())
                .extracting(SourceSetting::name, SourceSetting::required, SourceSetting::secretReference)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("projectId", true, false),
                        org.assertj.core.groups.Tuple.tuple("credentialsFile", false, true),
                        org.assertj.core.groups.Tuple.tuple("logs", false, false),
                        org.assertj.core.groups.Tuple.tuple("overlap", false, false),
                        org.assertj.core.groups.Tuple.tuple("initialLookback", false, false));
    }

    @Test
    void fillsInDefaultsForAProjectAlone() {
        GcpAuditLogSettings settings = GcpAuditLogSettings.from(config(Map.of("projectId", "example-ml-prod")));

        assertThat(settings.logs()).containsExactlyInAnyOrder(AuditLogStream.ACTIVITY, AuditLogStream.SYSTEM_EVENT);
        assertThat(settings.overlap()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.initialLookback()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.credentialsReference()).isEmpty();
    }

    @Test
    void acceptsDomainScopedProjects() {
        assertThat(GcpAuditLogSettings.from(config(Map.of("projectId", "example.com:ml-prod")))
                        .projectId())
                .isEqualTo("example.com:ml-prod");
    }

    @Test
    void refusesWhatIsNotAProjectId() {
        for (String notAProject : new String[] {"412345678901", "My Project", "ab", "projects/example-ml-prod", "x-"}) {
            assertThatThrownBy(() -> open(Map.of("projectId", notAProject)))
                    .isInstanceOf(InvalidSourceSettingsException.class)
                    .hasMessageContaining("projectId");
        }
        assertThatThrownBy(() -> open(Map.of()))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessage("The setting projectId is required.");
    }

    @Test
    void refusesUnknownLogsAndUnreadableDurations() {
        assertThatThrownBy(() -> open(Map.of("projectId", "example-ml-prod", "logs", "activity,policy")))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("\"policy\"")
                .hasMessageContaining("activity, system_event, data_access");
        assertThatThrownBy(() -> open(Map.of("projectId", "example-ml-prod", "overlap", "10 minutes")))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> open(Map.of("projectId", "example-ml-prod", "overlap", "PT2H")))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("between");
        assertThatThrownBy(() -> open(Map.of("projectId", "example-ml-prod", "initialLookback", "P90D")))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("initialLookback");
    }

    private static void open(Map<String, String> settings) {
        new GcpAuditLogCollectorFactory().open(config(settings)).close();
    }

    private static SourceConfig config(Map<String, String> settings) {
        return new SourceConfig(
                "source-1",
                new HashMap<>(settings),
                reference -> {
                    throw new AssertionError("opening a source resolves no secret");
                },
                CollectorEnvironment.defaults());
    }
}
