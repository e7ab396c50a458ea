package io.hijackwatch.baseline;

import static io.hijackwatch.baseline.SmsTraffic.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.HijackwatchApplication;
import io.hijackwatch.database.TenantScope;
import io.hijackwatch.ingest.IngestService;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The baselines API: what was learned, for whom, and that it lives in PostgreSQL rather than in a process. */
@ServiceTest
class BaselinesApiTests {

    private static final String ACCOUNT = "AC55555555555555555555555555555555";
    private static final Instant AFTER_HISTORY = START.plus(Duration.ofDays(15)).plus(Duration.ofHours(14));

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    IngestService ingest;

    @Autowired
    Environment environment;

    @Autowired
    JdbcClient jdbc;

    BaselineTestSupport tenant;
    ApiClient api;

    @BeforeEach
    void tenantWithHistory() {
        tenant = new BaselineTestSupport(tenants, ingest, port);
        tenant.ingest(new SmsTraffic(21).history(ACCOUNT, START, 15, 3).events());
        api = new ApiClient(port);
    }

    @Test
    void readerSeesTheLearnedProfileOfEverySeriesWithRecentHours() {
        String reader = tenants.createKey(tenant.tenantId, "reader", Role.READER, null);

        ApiClient.Reply reply = api.call("GET", "/api/v1/baselines?account=" + ACCOUNT, reader, null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.body();
        assertThat(body.get("account").asString()).isEqualTo(ACCOUNT);
        assertThat(body.get("learned").asBoolean()).isTrue();
        assertThat(body.get("watchedSince").asString()).isEqualTo(START.toString());
        assertThat(body.get("latestHour").asString())
                .isEqualTo(START.plus(Duration.ofDays(15))
                        .minus(Duration.ofHours(1))
                        .toString());
        List<String> keys = new ArrayList<>();
        body.get("series")
                .forEach(series -> keys.add(series.get("series").asString() + ":"
                        + series.get("key").asString()));
        assertThat(keys)
                .contains("account:all", "country:US", "country:GB", "channel:twilio:twilio.messages:outbound-api")
                .anyMatch(key -> key.startsWith("prefix:+1"));
        JsonNode all = series(body, "account", "all");
        assertThat(all.get("normal").asDouble()).isBetween(2.0, 4.0);
        assertThat(all.get("basis").asString()).isEqualTo("median of this hour of the week over 2 weeks");
        assertThat(all.get("recent")).hasSize(24);
        assertThat(all.get("messagesInHistory").asLong()).isBetween(15L * 24 * 2, 15L * 24 * 4);
        assertThat(series(body, "country", "US").get("pricePerSegment").asDouble())
                .isEqualTo(0.0079);
    }

    @Test
    void seriesFilterNarrowsTheAnswerAndAnUnknownSeriesIsRejected() {
        ApiClient.Reply countries =
                tenant.call("GET", "/api/v1/baselines?account=" + ACCOUNT + "&series=country", null);

        assertThat(countries.status()).isEqualTo(200);
        List<String> kinds = new ArrayList<>();
        countries
                .body()
                .get("series")
                .forEach(series -> kinds.add(series.get("series").asString()));
        assertThat(kinds).isNotEmpty().containsOnly("country");

        ApiClient.Reply unknown = tenant.call("GET", "/api/v1/baselines?account=" + ACCOUNT + "&series=planets", null);
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void anotherTenantSeesNoBaselineAndNoAllowList() {
        assertThat(tenant.call(
                                "PUT",
                                "/api/v1/baselines/sms/allowed-countries?account=" + ACCOUNT,
                                "{\"countries\":[\"FR\"]}")
                        .status())
                .isEqualTo(200);
        BaselineTestSupport other = new BaselineTestSupport(tenants, ingest, port);

        assertThat(other.call("GET", "/api/v1/baselines?account=" + ACCOUNT, null)
                        .status())
                .isEqualTo(404);
        JsonNode allowed = other.call("GET", "/api/v1/baselines/sms/allowed-countries?account=" + ACCOUNT, null)
                .body();
        assertThat(allowed.get("countries")).isEmpty();
        assertThat(allowed.get("effective")).isEmpty();
    }

    @Test
    void rowLevelSecurityHidesAnotherTenantsBaselineRowsFromAQueryWithoutATenantFilter() {
        tenant.call("PUT", "/api/v1/baselines/sms/allowed-countries", "{\"countries\":[\"FR\"]}");
        BaselineTestSupport other = new BaselineTestSupport(tenants, ingest, port);

        assertThat(unfilteredRows(tenant.tenantId)).allMatch(count -> count > 0);
        assertThat(unfilteredRows(other.tenantId)).containsOnly(0L);
    }

    private List<Long> unfilteredRows(long tenantId) {
        try (TenantScope scope = TenantScope.enter(tenantId)) {
            return List.of("baseline_hour", "sms_message", "sms_allowed_country").stream()
                    .map(table -> jdbc.sql("SELECT count(*) FROM " + table)
                            .query(Long.class)
                            .single())
                    .toList();
        }
    }

    @Test
    void readerMayNotChangeTheAllowListAndBadCountriesAreRejected() {
        String reader = tenants.createKey(tenant.tenantId, "reader", Role.READER, null);

        assertThat(api.call("PUT", "/api/v1/baselines/sms/allowed-countries", reader, "{\"countries\":[\"FR\"]}")
                        .status())
                .isEqualTo(403);
        assertThat(tenant.call("PUT", "/api/v1/baselines/sms/allowed-countries", "{\"countries\":[\"France\"]}")
                        .status())
                .isEqualTo(400);
        assertThat(tenant.call("GET", "/api/v1/baselines/sms/allowed-countries", null)
                        .body()
                        .get("countries"))
                .isEmpty();
    }

    @Test
    void aFreshInstanceOnTheSameDatabaseKnowsTheBaselinesAndJudgesWithThem() {
        JsonNode before =
                tenant.call("GET", "/api/v1/baselines?account=" + ACCOUNT, null).body();

        try (ConfigurableApplicationContext restarted = restart()) {
            int restartedPort =
                    ((WebServerApplicationContext) restarted).getWebServer().getPort();
            BaselineTestSupport again = new BaselineTestSupport(
                    tenant.tenantId, tenant.key, restarted.getBean(IngestService.class), restartedPort);

            assertThat(again.call("GET", "/api/v1/baselines?account=" + ACCOUNT, null)
                            .body())
                    .isEqualTo(before);

            again.ingest(new SmsTraffic(22)
                    .burst(ACCOUNT, AFTER_HISTORY, 150, new SmsTraffic.Destination("FR", "mobile", "+336", 0.07))
                    .events());
            List<JsonNode> alerts = again.alerts("sms.pumping");
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("summary").asString())
                    .contains("(median of this hour of the week over 2 weeks)")
                    .contains("to US, GB")
                    .contains("150 to FR, a country the account has not sent to before");
        }
    }

    private ConfigurableApplicationContext restart() {
        return new SpringApplicationBuilder(HijackwatchApplication.class)
                .properties(
                        "spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                        "spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                        "server.port=0",
                        "hijackwatch.demo-tenant.enabled=false",
                        "hijackwatch.sources.enabled=false",
                        "hijackwatch.rate-limit.api-per-minute=600000")
                .run();
    }

    private static JsonNode series(JsonNode body, String kind, String key) {
        for (JsonNode series : body.get("series")) {
            if (series.get("series").asString().equals(kind)
                    && series.get("key").asString().equals(key)) {
                return series;
            }
        }
        throw new AssertionError("No " + kind + " series " + key + " in " + body);
    }
}
