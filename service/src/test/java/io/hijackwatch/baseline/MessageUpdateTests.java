package io.hijackwatch.baseline;

import static io.hijackwatch.baseline.SmsTraffic.US;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.ingest.IngestService;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.TenantRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A message's later records fill in its price, segments and status: the aggregates change by the difference. */
@ServiceTest
class MessageUpdateTests {

    private static final String ACCOUNT = "AC44444444444444444444444444444444";
    private static final Instant CREATED = Instant.parse("2026-11-02T10:15:00Z");
    private static final String SID = "SM000000000000000000000000000000aa";
    private static final String TO = "+12025550123";

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    IngestService ingest;

    @Autowired
    JdbcClient jdbc;

    BaselineTestSupport tenant;

    @BeforeEach
    void tenant() {
        tenant = new BaselineTestSupport(tenants, ingest, port);
    }

    @Test
    void laterRecordOfTheSameSidUpdatesPriceWithoutDoubleCounting() {
        NormalizedEvent queued = record("queued", 0L, null, CREATED);
        NormalizedEvent delivered = record("delivered", 2L, 0.0158, CREATED.plusSeconds(40));

        tenant.ingest(List.of(queued));
        assertThat(accountHour()).containsEntry("messages", 1L).containsEntry("segments", 0L);

        tenant.ingest(List.of(delivered));

        assertThat(accountHour())
                .containsEntry("messages", 1L)
                .containsEntry("segments", 2L)
                .containsEntry("priced_segments", 2L)
                .containsEntry("cost", "0.015800")
                .containsEntry("failures", 0L);
        assertThat(jdbc.sql("SELECT price::text FROM sms_message WHERE tenant_id = :t AND sid = :sid")
                        .param("t", tenant.tenantId)
                        .param("sid", SID)
                        .query(String.class)
                        .single())
                .isEqualTo("0.015800");
    }

    @Test
    void anOlderRecordArrivingLateChangesNothing() {
        tenant.ingest(List.of(record("delivered", 2L, 0.0158, CREATED.plusSeconds(40))));
        Map<String, Object> settled = accountHour();

        tenant.ingest(List.of(record("queued", 0L, null, CREATED)));
        tenant.ingest(List.of(record("delivered", 2L, 0.0158, CREATED.plusSeconds(40))));

        assertThat(accountHour()).isEqualTo(settled).containsEntry("messages", 1L);
    }

    @Test
    void aMessageThatFailsLaterMovesFromDeliveredToFailedInEverySeries() {
        tenant.ingest(List.of(record("sent", 1L, null, CREATED)));
        tenant.ingest(List.of(record("undelivered", 1L, 0.0079, CREATED.plusSeconds(90))));

        assertThat(accountHour()).containsEntry("messages", 1L).containsEntry("failures", 1L);
        assertThat(jdbc.sql("""
                        SELECT series, messages, failures FROM baseline_hour WHERE tenant_id = :t ORDER BY series
                        """)
                        .param("t", tenant.tenantId)
                        .query((row, n) -> row.getString(1) + ":" + row.getLong(2) + ":" + row.getLong(3))
                        .list())
                .containsExactly("account:1:1", "channel:1:1", "country:1:1", "prefix:1:1");
    }

    @Test
    void bothRecordsInOneBatchCountOnce() {
        tenant.ingest(
                List.of(record("queued", 0L, null, CREATED), record("delivered", 2L, 0.0158, CREATED.plusSeconds(40))));

        assertThat(accountHour()).containsEntry("messages", 1L).containsEntry("segments", 2L);
    }

    private Map<String, Object> accountHour() {
        return jdbc.sql("""
                        SELECT messages, segments, failures, priced_segments, cost::text AS cost FROM baseline_hour
                        WHERE tenant_id = :t AND account = :account AND series = 'account' AND series_key = 'all'
                        """)
                .param("t", tenant.tenantId)
                .param("account", ACCOUNT)
                .query()
                .singleRow();
    }

    private static NormalizedEvent record(String status, Long segments, Double price, Instant updated) {
        return SmsTraffic.message(SID, ACCOUNT, CREATED, TO, US, status, null, segments, price, updated);
    }
}
