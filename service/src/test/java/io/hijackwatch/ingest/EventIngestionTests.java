package io.hijackwatch.ingest;

import static io.hijackwatch.support.CloudSamples.azureVmWrite;
import static io.hijackwatch.support.CloudSamples.gcpInstanceInsert;
import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.deniedDescribeRegions;
import static io.hijackwatch.support.CloudTrailSamples.gzip;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static io.hijackwatch.support.CloudTrailSamples.runInstances;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@ServiceTest
class EventIngestionTests {

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    EventStore events;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    long tenantId;
    String key;

    @BeforeEach
    void newTenant() {
        api = new ApiClient(port);
        tenantId = tenants.createTenant("tenant-" + UUID.randomUUID());
        key = tenants.createKey(tenantId, "test", Role.INGEST, null);
    }

    @Test
    void storesEachEventOnceHoweverOftenItIsPosted() {
        byte[] body = utf8(deliveryFile(List.of(runInstances("e-1"), deniedDescribeRegions("e-2"))));

        Reply first = api.postEvents(key, "cloudtrail", "application/json", body);
        Reply second = api.postEvents(key, "cloudtrail", "application/json", body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.body().get("accepted").asLong()).isEqualTo(2);
        assertThat(first.body().get("duplicates").asLong()).isZero();
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.body().get("accepted").asLong()).isZero();
        assertThat(second.body().get("duplicates").asLong()).isEqualTo(2);
        assertThat(events.countForTenant(tenantId)).isEqualTo(2);
    }

    @Test
    void storesTheSameEventsPostedAtOnceByManyClientsOnceWithTheirAlertCountedOnce() throws Exception {
        assertConcurrentPostsStoreOnce(2_000, 6);
    }

    @Test
    void storesLargeBodiesPostedAtOnceOnceEvenWhenOneMustGiveWayAndBeSentAgain() throws Exception {
        // Past the size at which a request enters detection before its last event is stored.
        assertConcurrentPostsStoreOnce(12_000, 3);
    }

    /**
     * Several clients post one body at once (each answer 202, or 503 for a request that gave way to another holding
     * the same events, which is then sent again): every event is stored once and each quota request counted once.
     */
    private void assertConcurrentPostsStoreOnce(int total, int clients) throws Exception {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            records.add(
                    i % 1000 == 0
                            ? quotaIncrease(
                                    "together-q" + i, "2024-12-16T03:%02d:00Z".formatted(i / 1000), "racer", 256)
                            : runInstances("together-" + i));
        }
        byte[] body = gzip(deliveryFile(records));
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Reply>>> posted = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            posted.add(pool.submit(() -> {
                start.await();
                List<Reply> replies = new ArrayList<>();
                Reply reply;
                do {
                    reply = api.postEvents(key, "cloudtrail", "application/gzip", body);
                    replies.add(reply);
                } while (reply.status() == 503);
                return replies;
            }));
        }
        start.countDown();
        long accepted = 0;
        long duplicates = 0;
        for (Future<List<Reply>> future : posted) {
            for (Reply reply : future.get(5, TimeUnit.MINUTES)) {
                assertThat(reply.status()).as(reply.body().toString()).isIn(202, 503);
                if (reply.status() == 202) {
                    accepted += reply.body().get("accepted").asLong();
                    duplicates += reply.body().get("duplicates").asLong();
                } else {
                    assertThat(reply.raw().headers().firstValue("Retry-After")).isPresent();
                }
            }
        }
        pool.shutdown();

        long alerted = jdbc.sql("SELECT coalesce(sum(count), 0) FROM alert WHERE tenant_id = ? AND rule_id = ?")
                .params(tenantId, "aws.servicequotas.increase_requested")
                .query(Long.class)
                .single();
        assertThat(accepted).isEqualTo(total);
        assertThat(duplicates).isEqualTo((long) total * (clients - 1));
        assertThat(events.countForTenant(tenantId)).isEqualTo(total);
        assertThat(alerted).isEqualTo(total / 1000);
    }

    @Test
    void countsAnEventRepeatedWithinOneBodyAsADuplicate() {
        byte[] body = utf8(deliveryFile(List.of(runInstances("same"), runInstances("same"), runInstances("other"))));

        Reply reply = api.postEvents(key, "cloudtrail", "application/json", body);

        assertThat(reply.body().get("accepted").asLong()).isEqualTo(2);
        assertThat(reply.body().get("duplicates").asLong()).isEqualTo(1);
    }

    @Test
    void storesTheNormalizedFieldsOfAnEvent() {
        api.postEvents(key, "cloudtrail", "application/json", utf8(deniedDescribeRegions("e-denied")));

        var row = jdbc.sql("""
                        SELECT *, attributes ->> 'identity.sessionIssuer' AS session_issuer
                        FROM event WHERE tenant_id = :tenant AND event_id = 'e-denied'
                        """).param("tenant", tenantId).query().singleRow();

        assertThat(row)
                .containsEntry("provider", "aws")
                .containsEntry("account", "111122223333")
                .containsEntry("region", "eu-west-1")
                .containsEntry("service", "ec2.amazonaws.com")
                .containsEntry("action", "DescribeRegions")
                .containsEntry("principal", "arn:aws:sts::111122223333:assumed-role/ci/probe")
                .containsEntry("source_ip", "203.0.113.9")
                .containsEntry("outcome", "failure")
                .containsEntry("error_code", "Client.UnauthorizedOperation")
                .containsEntry("session_issuer", "arn:aws:iam::111122223333:role/ci");
    }

    @Test
    void acceptsGzipWhateverTheClientCallsIt() {
        byte[] body = gzip(deliveryFile("gz", 3));

        Reply labelled = api.postEvents(key, "cloudtrail", "application/gzip", body);
        Reply curlDefault = api.postEvents(key, "cloudtrail", "application/x-www-form-urlencoded", body);
        Reply unlabelled = api.postEvents(key, "cloudtrail", null, body);

        assertThat(labelled.body().get("accepted").asLong()).isEqualTo(3);
        assertThat(curlDefault.status()).isEqualTo(202);
        assertThat(curlDefault.body().get("duplicates").asLong()).isEqualTo(3);
        assertThat(unlabelled.status()).isEqualTo(202);
        assertThat(unlabelled.body().get("duplicates").asLong()).isEqualTo(3);
    }

    @Test
    void storesAzureAndGcpEventsUnderTheirProviders() {
        String azure = "{\"value\":[" + azureVmWrite("corr-1", "2024-12-16T18:41:07.1234567Z", "Started") + ","
                + azureVmWrite("corr-1", "2024-12-16T18:43:07.1234567Z", "Succeeded") + "]}";
        String gcp = gcpInstanceInsert("ins-1", "2024-12-16T18:41:07.512331Z", "a2-highgpu-1g") + "\n";

        Reply azureReply = api.postEvents(key, "azure-activity", "application/json", utf8(azure));
        Reply gcpReply = api.postEvents(key, "gcp-audit", "application/x-ndjson", utf8(gcp));

        assertThat(azureReply.body().get("accepted").asLong()).isEqualTo(1);
        assertThat(azureReply.body().get("duplicates").asLong()).isEqualTo(1);
        assertThat(gcpReply.body().get("accepted").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT provider || ' ' || account || ' ' || action FROM event"
                                + " WHERE tenant_id = :t ORDER BY 1")
                        .param("t", tenantId)
                        .query(String.class)
                        .list())
                .containsExactly(
                        "azure 7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f microsoft.compute/virtualmachines/write",
                        "gcp example-ml-prod v1.compute.instances.insert");
    }

    @Test
    void acceptsJsonLines() {
        String lines = runInstances("line-1") + "\n" + deniedDescribeRegions("line-2") + "\n";

        Reply reply = api.postEvents(key, "cloudtrail", "application/x-ndjson", utf8(lines));

        assertThat(reply.body().get("accepted").asLong()).isEqualTo(2);
    }

    @Test
    void rejectsABadRecordWithItsIndexAndReasonAndStoresTheRest() {
        String broken = "{\"eventTime\":\"2024-12-16T18:41:07Z\",\"eventSource\":\"ec2.amazonaws.com\", oops}";
        String missingName = "{\"eventTime\":\"2024-12-16T18:41:07Z\",\"eventSource\":\"ec2.amazonaws.com\"}";
        byte[] body = utf8(deliveryFile(List.of(runInstances("ok-1"), broken, missingName, runInstances("ok-2"))));

        Reply reply = api.postEvents(key, "cloudtrail", "application/json", body);

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body().get("accepted").asLong()).isEqualTo(2);
        assertThat(reply.body().get("rejected").asLong()).isEqualTo(2);
        assertThat(reply.body().get("rejections").get(0).get("index").asLong()).isEqualTo(1);
        assertThat(reply.body().get("rejections").get(0).get("reason").asString())
                .startsWith("invalid JSON");
        assertThat(reply.body().get("rejections").get(1).get("index").asLong()).isEqualTo(2);
        assertThat(reply.body().get("rejections").get(1).get("reason").asString())
                .isEqualTo("missing eventName");
        assertThat(events.countForTenant(tenantId)).isEqualTo(2);
    }

    @Test
    void storesNothingFromABodyWhoseGzipStreamIsCutOff() {
        byte[] whole = gzip(deliveryFile("cut", 2500));
        byte[] truncated = Arrays.copyOf(whole, whole.length - 20);

        Reply reply = api.postEvents(key, "cloudtrail", "application/gzip", truncated);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().get("detail").asString()).contains("gzip").contains("nothing was stored");
        assertThat(events.countForTenant(tenantId)).isZero();
    }

    @Test
    void refusesAContentTypeThatIsNotJsonOrGzip() {
        Reply reply = api.postEvents(key, "cloudtrail", "application/xml", utf8(runInstances("xml")));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().get("detail").asString()).contains("application/json");
        assertThat(events.countForTenant(tenantId)).isZero();
    }

    @Test
    void refusesAnUnknownOrMissingFormat() {
        Reply unknown = api.postEvents(key, "syslog", "application/json", utf8(runInstances("f")));
        Reply missing = api.postEvents(key, null, "application/json", utf8(runInstances("f")));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("detail").asString()).contains("syslog").contains("cloudtrail");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("detail").asString()).contains("format");
    }

    @Test
    void answersUnauthorizedWithoutAValidKey() {
        byte[] body = utf8(runInstances("auth"));

        Reply noKey = api.postEvents(null, "cloudtrail", "application/json", body);
        Reply wrongKey = api.postEvents("hjw_not-a-key", "cloudtrail", "application/json", body);

        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.contentType()).startsWith("application/problem+json");
        assertThat(noKey.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(events.countForTenant(tenantId)).isZero();
    }

    @Test
    void answersForbiddenToAKeyThatMayOnlyRead() {
        String readerKey = tenants.createKey(tenantId, "reader", Role.READER, null);

        Reply reply = api.postEvents(readerKey, "cloudtrail", "application/json", utf8(runInstances("r")));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(events.countForTenant(tenantId)).isZero();
    }

    @Test
    void keepsEachTenantsEventsApart() {
        long otherTenant = tenants.createTenant("other-" + UUID.randomUUID());
        String otherKey = tenants.createKey(otherTenant, "test", Role.ADMIN, null);
        byte[] body = utf8(runInstances("shared-id"));

        Reply mine = api.postEvents(key, "cloudtrail", "application/json", body);
        Reply theirs = api.postEvents(otherKey, "cloudtrail", "application/json", body);

        assertThat(mine.body().get("accepted").asLong()).isEqualTo(1);
        assertThat(theirs.body().get("accepted").asLong()).isEqualTo(1);
        assertThat(events.countForTenant(tenantId)).isEqualTo(1);
        assertThat(events.countForTenant(otherTenant)).isEqualTo(1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
