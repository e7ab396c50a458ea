package io.hijackwatch.collector.gcp.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.google.logging.v2.ListLogEntriesRequest;
import io.grpc.Status;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.SourceCollector;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpAuditLogConnectionTests {

    private TestSource source;

    @BeforeEach
    void startFake() throws Exception {
        source = new TestSource();
    }

    @AfterEach
    void stopFake() throws Exception {
        source.close();
    }

    @Test
    void readsOneEntryOfTheLastHourAndSaysWhatItReached() throws Exception {
        source.logging.add(AuditEntries.gpuInsertAt(Instant.parse("2026-12-03T10:00:01Z"), "first"));
        source.logging.add(AuditEntries.gpuInsertAt(Instant.parse("2026-12-03T10:10:00Z"), "second"));

        String reached;
        try (SourceCollector collector = source.open()) {
            reached = collector.testConnection();
        }

        ListLogEntriesRequest request = source.logging.requests().get(0);
        assertThat(request.getPageSize()).isEqualTo(1);
        assertThat(request.getFilter())
                .contains("timestamp >= \"2026-12-03T09:30:00Z\" AND timestamp < \"2026-12-03T10:30:00Z\"");
        assertThat(reached)
                .contains("project example-ml-prod")
                .contains("activity, system_event")
                .contains("2026-12-03T10:00:01Z");
    }

    @Test
    void saysSoWhenTheLastHourHoldsNoEntries() throws Exception {
        try (SourceCollector collector = source.open()) {
            assertThat(collector.testConnection()).contains("no entries from the last hour");
        }
    }

    @Test
    void reportsADeniedProjectAsPermanent() throws Exception {
        source.logging.failNext(Status.PERMISSION_DENIED, 1);

        try (SourceCollector collector = source.open()) {
            assertThatThrownBy(collector::testConnection)
                    .asInstanceOf(type(CollectorException.class))
                    .satisfies(e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.getMessage()).contains("example-ml-prod").contains("roles/logging.viewer");
                    });
        }
    }
}
