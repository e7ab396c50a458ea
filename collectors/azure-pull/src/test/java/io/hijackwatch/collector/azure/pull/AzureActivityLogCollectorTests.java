package io.hijackwatch.collector.azure.pull;

import static io.hijackwatch.collector.azure.pull.ActivityEvents.SUBSCRIPTION;
import static io.hijackwatch.collector.azure.pull.ActivityEvents.page;
import static io.hijackwatch.collector.azure.pull.ActivityEvents.vmWrite;
import static io.hijackwatch.collector.azure.pull.FakeAzure.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.CollectorEnvironment;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.testing.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The collector with the real Azure SDK pipeline and credential, against a local fake of Entra ID and ARM. */
class AzureActivityLogCollectorTests {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final String CLIENT = "0f5e2c1a-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
    private static final String SECRET = "s3cr3t-Value_XYZ.2026";
    private static final String SECRET_REFERENCE = "env:HIJACKWATCH_AZURE_SECRET";
    private static final Path FEDERATED_TOKEN = Path.of("src/test/resources/federated-token.jwt");
    private static final RetryTuning QUICK_RETRIES =
            new RetryTuning(2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));

    private final MutableClock clock = new MutableClock(NOW);
    private final List<String> resolvedReferences = new ArrayList<>();
    private FakeAzure azure;

    @BeforeEach
    void startFake() {
        azure = new FakeAzure();
    }

    @AfterEach
    void stopFake() {
        azure.close();
    }

    @Test
    void signsListRequestWithTokenFromAuthorityAndFiltersFirstWindow() throws Exception {
        azure.firstPage(filter("11:00", "11:59"), json(200, page(List.of(vmWrite("c-1", at("11:30"))))));
        RecordingSink sink = new RecordingSink();

        PollResult result = open().poll(Cursor.initial(), sink);

        assertThat(result).isEqualTo(new PollResult(1, false));
        assertThat(azure.tokenRequests())
                .singleElement()
                .satisfies(request ->
                        assertThat(request.getUrl()).startsWith("/" + FakeAzure.TENANT + "/oauth2/v2.0/token"));
        LoggedRequest list = azure.listRequests().get(0);
        assertThat(list.getHeader("Authorization")).isEqualTo("Bearer " + FakeAzure.ACCESS_TOKEN);
        assertThat(list.queryParameter("$filter").firstValue()).isEqualTo(filter("11:00", "11:59"));
        assertThat(list.queryParameter("api-version").firstValue()).isEqualTo("2015-04-01");
        assertThat(sink.eventIds()).singleElement().asString().startsWith("c-1|");
        assertThat(sink.batches().get(0).events().get(0).account()).isEqualTo(SUBSCRIPTION);
    }

    @Test
    void followsNextLinksAcrossThreePages() throws Exception {
        servesThreePages();
        RecordingSink sink = new RecordingSink();

        PollResult result = open().poll(Cursor.initial(), sink);

        assertThat(result.events()).isEqualTo(5);
        assertThat(sink.batches()).hasSize(3);
        assertThat(sink.eventIds())
                .map(id -> id.substring(0, id.indexOf('|')))
                .containsExactly("p1-a", "p1-b", "p2-a", "p2-b", "p3-a");
        assertThat(azure.listRequests()).hasSize(3);
    }

    @Test
    void advancesCursorOnlyWithTheLastPage() throws Exception {
        servesThreePages();
        RecordingSink sink = new RecordingSink();

        open().poll(Cursor.initial(), sink);

        assertThat(sink.batches())
                .map(Batch::cursor)
                .containsExactly(cursorAt("11:00"), cursorAt("11:00"), cursorAt("11:59"));
        assertThat(sink.batches().get(2).position()).isEqualTo(at("11:59"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1:{port}{path}?$skipToken=p2",
                "https://localhost:1{port}{path}?$skipToken=p2",
                "http://localhost:{port}{path}?$skipToken=p2",
                "https://localhost:{port}@evil.example{path}?$skipToken=p2",
                "{path}?$skipToken=p2"
            })
    void refusesNextLinkThatLeavesTheManagementEndpoint(String link) {
        String nextLink = link.replace("{port}", String.valueOf(azure.port())).replace("{path}", FakeAzure.VALUES_PATH);
        azure.firstPage(json(200, ActivityEvents.page(List.of(vmWrite("c-1", at("11:30"))), nextLink)));
        azure.laterPage("p2", json(200, page(List.of())));
        RecordingSink sink = new RecordingSink();

        CollectorException failure =
                catchThrowableOfType(CollectorException.class, () -> open().poll(Cursor.initial(), sink));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure).hasMessageContaining(SUBSCRIPTION).hasMessageContaining("not followed");
        assertThat(azure.listRequests()).hasSize(1);
        assertThat(sink.batches()).isEmpty();
    }

    @Test
    void waitsOutRetryAfterThenReads() throws Exception {
        azure.stub(FakeAzure.values()
                .inScenario("throttled")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Slow down.\"}}")
                        .withHeader("Retry-After", "1")
                        .withHeader("x-ms-ratelimit-remaining-subscription-reads", "0"))
                .willSetStateTo("recovered"));
        azure.stub(FakeAzure.values()
                .inScenario("throttled")
                .whenScenarioStateIs("recovered")
                .willReturn(json(200, page(List.of(vmWrite("c-1", at("11:30")))))));
        RecordingSink sink = new RecordingSink();

        PollResult result = open().poll(Cursor.initial(), sink);

        assertThat(result.events()).isEqualTo(1);
        List<LoggedRequest> requests = azure.listRequests();
        assertThat(requests).hasSize(2);
        long waitedMillis = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(waitedMillis).isGreaterThanOrEqualTo(950);
    }

    @Test
    void handsLongRetryAfterToTheServiceWithoutWaiting() {
        azure.firstPage(json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Slow down.\"}}")
                .withHeader("Retry-After", "120"));

        CollectorException failure = catchThrowableOfType(
                CollectorException.class, () -> open().poll(Cursor.initial(), new RecordingSink()));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(failure).hasMessageContaining(SUBSCRIPTION).hasMessageContaining("429");
        assertThat(azure.listRequests()).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedThenTransient() {
        azure.firstPage(json(503, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"Try later.\"}}"));

        CollectorException failure = catchThrowableOfType(
                CollectorException.class, () -> open().poll(Cursor.initial(), new RecordingSink()));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure).hasMessageContaining("503").hasMessageContaining("ServiceUnavailable");
        assertThat(azure.listRequests()).hasSize(1 + QUICK_RETRIES.maxRetries());
    }

    @Test
    void readsLateEventInsideTheOverlapOnTheNextPoll() throws Exception {
        azure.firstPage(filter("11:00", "11:59"), json(200, page(List.of(vmWrite("early", at("11:30"))))));
        azure.firstPage(
                filter("11:39", "12:04"),
                json(200, page(List.of(vmWrite("early", at("11:30")), vmWrite("late", at("11:50"))))));
        SourceCollector collector = open();
        RecordingSink sink = new RecordingSink();
        collector.poll(Cursor.initial(), sink);
        clock.advance(Duration.ofMinutes(5));

        PollResult second = collector.poll(sink.storedCursor(), sink);

        assertThat(azure.filters()).containsExactly(filter("11:00", "11:59"), filter("11:39", "12:04"));
        assertThat(second.events()).isEqualTo(2);
        assertThat(sink.batches().get(1).events())
                .map(event -> event.eventId().substring(0, event.eventId().indexOf('|')))
                .containsExactly("early", "late");
        assertThat(sink.storedCursor()).isEqualTo(cursorAt("12:04"));
    }

    @Test
    void failedCommitKeepsTheCursorAndTheNextPollReplaysTheWindow() throws Exception {
        servesThreePages();
        RecordingSink sink = new RecordingSink().failingOnCommit(2);
        SourceCollector collector = open();

        assertThatThrownBy(() -> collector.poll(Cursor.initial(), sink)).hasMessageContaining("database went away");
        assertThat(sink.storedCursor()).isEqualTo(cursorAt("11:00"));

        collector.poll(sink.storedCursor(), sink);

        assertThat(azure.filters()).containsExactly(filter("11:00", "11:59"), filter("10:40", "11:59"));
        assertThat(sink.eventIds())
                .map(id -> id.substring(0, id.indexOf('|')))
                .containsExactly("p1-a", "p1-b", "p1-a", "p1-b", "p2-a", "p2-b", "p3-a");
        assertThat(sink.storedCursor()).isEqualTo(cursorAt("11:59"));
    }

    @Test
    void restartsFromTheStoredCursor() throws Exception {
        azure.firstPage(json(200, page(List.of(vmWrite("c-1", at("11:40"))))));
        Cursor stored = Cursor.fromJson("{\"v\":1,\"after\":\"2026-12-03T11:30:00Z\"}");
        RecordingSink sink = new RecordingSink();

        open().poll(stored, sink);

        assertThat(azure.filters()).containsExactly(filter("11:10", "11:59"));
        assertThat(sink.storedCursor()).isEqualTo(cursorAt("11:59"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"after\":\"2026-12-03T11:30:00Z\"}                            | 11:10",
                "{\"v\":2,\"after\":\"2026-12-03T11:30:00Z\",\"page\":\"x\"}     | 11:10",
                "{\"v\":1,\"after\":\"yesterday\"}                               | 11:00",
                "{\"v\":1}                                                       | 11:00"
            })
    void readsCursorsOfOtherVersionsForWhatTheyHold(String json, String expectedFrom) throws Exception {
        azure.firstPage(json(200, page(List.of())));
        RecordingSink sink = new RecordingSink();

        open().poll(Cursor.fromJson(json), sink);

        assertThat(azure.filters()).containsExactly(filter(expectedFrom, "11:59"));
        assertThat(sink.storedCursor()).isEqualTo(cursorAt("11:59"));
    }

    @Test
    void readsALongOutageInDailySlices() throws Exception {
        azure.firstPage(json(200, page(List.of())));
        RecordingSink sink = new RecordingSink();
        Cursor threeDaysAgo = ReadWindow.cursorAt(NOW.minus(Duration.ofDays(3)));

        PollResult first = open().poll(threeDaysAgo, sink);

        assertThat(first.more()).isTrue();
        assertThat(sink.storedCursor()).isEqualTo(ReadWindow.cursorAt(NOW.minus(Duration.ofDays(2))));
        assertThat(azure.filters())
                .containsExactly(
                        "eventTimestamp ge '2026-11-30T11:40:00Z' and eventTimestamp le" + " '2026-12-01T12:00:00Z'");
    }

    @Test
    void callsNobodyWhenTheCursorIsAlreadyCurrent() throws Exception {
        RecordingSink sink = new RecordingSink();

        PollResult result = open().poll(cursorAt("11:59:30"), sink);

        assertThat(result).isEqualTo(PollResult.caughtUp(0));
        assertThat(azure.listRequests()).isEmpty();
        assertThat(sink.batches()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "403, AuthorizationFailed, Monitoring Reader",
        "401, InvalidAuthenticationToken, Monitoring Reader",
        "404, SubscriptionNotFound, does not know subscription"
    })
    void refusalIsPermanentWithAClearMessageAndNoSecret(int status, String code, String advice) {
        azure.firstPage(json(
                status,
                "{\"error\":{\"code\":\"" + code + "\",\"message\":\"The client '" + CLIENT + "' does not have"
                        + " authorization to perform action 'Microsoft.Insights/eventtypes/values/read' over scope"
                        + " '/subscriptions/" + SUBSCRIPTION + "'.\"}}"));

        CollectorException failure = catchThrowableOfType(
                CollectorException.class, () -> open().poll(Cursor.initial(), new RecordingSink()));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure)
                .hasMessageContaining(SUBSCRIPTION)
                .hasMessageContaining(code)
                .hasMessageContaining(String.valueOf(status))
                .hasMessageContaining(advice);
        assertNoSecretIn(failure);
    }

    @Test
    void takesTheClientSecretFromTheSecretResolver() throws Exception {
        azure.firstPage(json(200, page(List.of())));

        open().poll(Cursor.initial(), new RecordingSink());

        assertThat(resolvedReferences).containsExactly(SECRET_REFERENCE);
        String tokenRequest = azure.tokenRequests().get(0).getBodyAsString();
        assertThat(tokenRequest)
                .contains("client_secret=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8))
                .contains("client_id=" + CLIENT)
                .contains("grant_type=client_credentials")
                .contains("scope=" + URLEncoder.encode(ApiConnection.MANAGEMENT_SCOPE, StandardCharsets.UTF_8));
    }

    @Test
    void signsInWithTheWorkloadIdentityTokenFile() throws Exception {
        azure.firstPage(json(200, page(List.of(vmWrite("c-1", at("11:30"))))));
        Map<String, String> settings = settings();
        settings.remove(AzureSourceSettings.CLIENT_SECRET);
        settings.put(AzureSourceSettings.CREDENTIAL, "workload-identity");

        PollResult result = open(settings).poll(Cursor.initial(), new RecordingSink());

        assertThat(result.events()).isEqualTo(1);
        assertThat(resolvedReferences).isEmpty();
        String tokenRequest = azure.tokenRequests().get(0).getBodyAsString();
        assertThat(tokenRequest)
                .contains(
                        "client_assertion=" + Files.readString(FEDERATED_TOKEN).strip())
                .contains("client_id=" + CLIENT)
                .doesNotContain("client_secret");
    }

    @Test
    void refusedSignInIsPermanentAndNamesNoSecret() {
        azure.refusesSignIn();
        azure.firstPage(json(200, page(List.of())));

        CollectorException failure = catchThrowableOfType(
                CollectorException.class, () -> open().poll(Cursor.initial(), new RecordingSink()));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure).hasMessageContaining(SUBSCRIPTION).hasMessageContaining(CLIENT);
        assertThat(azure.tokenRequests()).isNotEmpty();
        assertThat(azure.listRequests()).isEmpty();
        assertNoSecretIn(failure);
    }

    @Test
    void unresolvableSecretReferenceIsPermanentAndCallsNobody() {
        Map<String, String> settings = settings();
        settings.put(AzureSourceSettings.CLIENT_SECRET, "env:NOT_ALLOWED");

        CollectorException failure = catchThrowableOfType(
                CollectorException.class, () -> open(settings).poll(Cursor.initial(), new RecordingSink()));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure).hasMessageContaining("env:NOT_ALLOWED");
        assertThat(azure.tokenRequests()).isEmpty();
    }

    @Test
    void connectionTestCountsTheEventsOfTheLastHour() throws Exception {
        azure.firstPage(
                filter("11:00", "12:00"),
                json(200, page(List.of(vmWrite("c-1", at("11:30")), vmWrite("c-2", at("11:45"))))));

        String report = open().testConnection();

        assertThat(report).contains(SUBSCRIPTION).contains("2 events");
    }

    @Test
    void rejectsUnreadableRecordsOfAPageAndKeepsTheRest() throws Exception {
        azure.firstPage(json(200, page(List.of(vmWrite("c-1", at("11:30")), "{\"caller\":\"someone\"}"))));
        RecordingSink sink = new RecordingSink();

        open().poll(Cursor.initial(), sink);

        Batch batch = sink.batches().get(0);
        assertThat(batch.events()).hasSize(1);
        assertThat(batch.rejections())
                .singleElement()
                .satisfies(rejection -> assertThat(rejection.reason()).startsWith("page 1 of "));
    }

    @Test
    void cutOffPageIsTransientAndStoresNothing() {
        azure.firstPage(json(200, "{\"value\":[" + vmWrite("c-1", at("11:30"))));
        RecordingSink sink = new RecordingSink();

        CollectorException failure =
                catchThrowableOfType(CollectorException.class, () -> open().poll(Cursor.initial(), sink));

        assertThat(failure.permanent()).isFalse();
        assertThat(sink.batches()).isEmpty();
    }

    private void servesThreePages() {
        azure.firstPage(json(
                200,
                ActivityEvents.page(
                        List.of(vmWrite("p1-a", at("11:10")), vmWrite("p1-b", at("11:11"))), azure.pageLink("p2"))));
        azure.laterPage(
                "p2",
                json(
                        200,
                        ActivityEvents.page(
                                List.of(vmWrite("p2-a", at("11:20")), vmWrite("p2-b", at("11:21"))),
                                azure.pageLink("p3"))));
        azure.laterPage("p3", json(200, page(List.of(vmWrite("p3-a", at("11:30"))))));
    }

    private SourceCollector open() {
        return open(settings());
    }

    private SourceCollector open(Map<String, String> settings) {
        CollectorEnvironment environment = new CollectorEnvironment(
                Map.of(
                        AzureActivityLogCollectorFactory.MANAGEMENT_ENDPOINT, azure.base(),
                        AzureActivityLogCollectorFactory.AUTHORITY_ENDPOINT, azure.base()),
                clock);
        SourceConfig config = new SourceConfig("source-1", settings, this::resolve, environment);
        return new AzureActivityLogCollectorFactory(QUICK_RETRIES).open(config);
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put(AzureSourceSettings.SUBSCRIPTION_ID, SUBSCRIPTION);
        settings.put(AzureSourceSettings.TENANT_ID, FakeAzure.TENANT);
        settings.put(AzureSourceSettings.CLIENT_ID, CLIENT);
        settings.put(AzureSourceSettings.CLIENT_SECRET, SECRET_REFERENCE);
        return settings;
    }

    private String resolve(String reference) throws CollectorException {
        resolvedReferences.add(reference);
        if (!SECRET_REFERENCE.equals(reference)) {
            throw CollectorException.permanentFailure("The secret reference " + reference + " is not allowed.", null);
        }
        return SECRET;
    }

    private static void assertNoSecretIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage()))
                    .doesNotContain(SECRET)
                    .doesNotContain(FakeAzure.ACCESS_TOKEN);
            for (Throwable suppressed : cause.getSuppressed()) {
                assertThat(String.valueOf(suppressed.getMessage())).doesNotContain(SECRET);
            }
        }
    }

    private static String filter(String from, String to) {
        return "eventTimestamp ge '" + at(from) + "' and eventTimestamp le '" + at(to) + "'";
    }

    private static Instant at(String time) {
        String full = time.length() == 5 ? time + ":00" : time;
        return Instant.parse("2026-12-03T" + full + "Z");
    }

    private static Cursor cursorAt(String time) {
        return ReadWindow.cursorAt(at(time));
    }
}
