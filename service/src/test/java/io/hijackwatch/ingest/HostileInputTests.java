package io.hijackwatch.ingest;

import static io.hijackwatch.support.CloudSamples.azureVmWrite;
import static io.hijackwatch.support.CloudSamples.gcpInstanceInsert;
import static io.hijackwatch.support.CloudTrailSamples.runInstances;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import io.hijackwatch.tenant.Role;
import io.hijackwatch.tenant.TenantRepository;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Hostile records between two good ones, in every ingestion format: each hostile record is rejected with its index and
 * a reason, the good ones around it are stored, and the answer is a 202.
 */
@ServiceTest
class HostileInputTests {

    @LocalServerPort
    int port;

    @Autowired
    TenantRepository tenants;

    @Autowired
    EventStore events;

    ApiClient api;
    long tenantId;
    String key;

    @BeforeEach
    void newTenant() {
        api = new ApiClient(port);
        tenantId = tenants.createTenant("hostile-" + UUID.randomUUID());
        key = tenants.createKey(tenantId, "k", Role.INGEST, null);
    }

    /** A format, and two good records of it whose ids differ by the argument. */
    record Format(String name, Function<String, String> goodRecord) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Format> FORMATS = List.of(
            new Format("cloudtrail", id -> runInstances("hostile-" + id)),
            new Format("azure-activity", id -> azureVmWrite("corr-" + id, "2024-12-16T18:41:07Z", "Succeeded")),
            new Format("gcp-audit", id -> gcpInstanceInsert("ins-" + id, "2024-12-16T18:41:07Z", "n2-standard-4")),
            new Format("twilio-messages", HostileInputTests::twilioMessage));

    static Stream<Arguments> hostileRecords() {
        List<Arguments> cases = new ArrayList<>();
        for (Format format : FORMATS) {
            cases.add(Arguments.of(format, "invalid UTF-8", invalidUtf8()));
            cases.add(Arguments.of(
                    format, "deeply nested JSON", utf8("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}")));
            cases.add(Arguments.of(format, "a 10 MB string", utf8("{\"a\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}")));
            cases.add(Arguments.of(format, "a huge number", utf8("{\"a\":" + "9".repeat(5000) + "}")));
            cases.add(Arguments.of(format, "NaN", utf8("{\"a\":NaN}")));
            cases.add(Arguments.of(format, "wrong types everywhere", utf8(wrongTypes())));
            cases.add(Arguments.of(format, "a bare number", utf8("12345")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileRecords")
    void rejectsTheHostileRecordAndStoresTheGoodOnesAroundIt(Format format, String what, byte[] hostile) {
        byte[] body = lines(
                utf8(format.goodRecord().apply("a")),
                hostile,
                utf8(format.goodRecord().apply("b")));

        Reply reply = api.postEvents(key, format.name(), "application/x-ndjson", body);

        assertThat(reply.status()).as(what).isEqualTo(202);
        assertThat(reply.body().get("accepted").asLong()).as(what).isEqualTo(2);
        assertThat(reply.body().get("rejected").asLong()).as(what).isEqualTo(1);
        assertThat(reply.body().get("rejections").get(0).get("index").asLong()).isEqualTo(1);
        assertThat(reply.body().get("rejections").get(0).get("reason").asString())
                .isNotBlank();
        assertThat(events.countForTenant(tenantId)).isEqualTo(2);
    }

    @Test
    void answersAMillionEmptyObjectsWithCountsAndAShortList() {
        StringBuilder body = new StringBuilder("[").append(runInstances("million-first"));
        for (int i = 0; i < 1_000_000; i++) {
            body.append(",{}");
        }
        body.append(',').append(runInstances("million-last")).append(']');

        Reply reply = api.postEvents(key, "cloudtrail", "application/json", utf8(body.toString()));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body().get("accepted").asLong()).isEqualTo(2);
        assertThat(reply.body().get("rejected").asLong()).isEqualTo(1_000_000);
        assertThat(reply.body().get("rejections")).hasSize(1000);
        assertThat(reply.body().get("rejectionsTruncated").asBoolean()).isTrue();
    }

    @Test
    void takesTheLastOfDuplicateKeys() {
        String record = runInstances("dup-keys")
                .replace(
                        "\"eventName\":\"RunInstances\"",
                        "\"eventName\":\"StopInstances\",\"eventName\":\"RunInstances\"");

        Reply reply = api.postEvents(key, "cloudtrail", "application/json", utf8(record));

        assertThat(reply.body().get("accepted").asLong()).isEqualTo(1);
    }

    private static byte[] invalidUtf8() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8("{\"eventTime\":\"2024-12-16T18:41:07Z\",\"a\":\""));
        bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
        bytes.writeBytes(utf8("\"}"));
        return bytes.toByteArray();
    }

    private static String wrongTypes() {
        return "{\"eventTime\":{},\"eventSource\":[],\"eventName\":{},\"userIdentity\":\"root\",\"eventID\":[1],"
                + "\"eventTimestamp\":{},\"operationName\":[],\"caller\":{},\"timestamp\":[],\"insertId\":{},"
                + "\"protoPayload\":\"x\",\"sid\":[],\"account_sid\":{},\"to\":[1],\"date_created\":{},"
                + "\"num_segments\":[],\"price\":{},\"status\":[]}";
    }

    /** A Twilio message as the REST API lists it, its sid made of the id. */
    private static String twilioMessage(String id) {
        String sid = "SM" + "0".repeat(32 - id.length()) + id;
        return "{\"sid\":\"" + sid + "\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\","
                + "\"from\":\"+15017122661\",\"to\":\"+447700900123\",\"direction\":\"outbound-api\","
                + "\"status\":\"delivered\",\"num_segments\":\"1\",\"price\":\"-0.04000\",\"price_unit\":\"USD\","
                + "\"date_created\":\"Mon, 16 Dec 2024 03:10:00 +0000\","
                + "\"date_sent\":\"Mon, 16 Dec 2024 03:10:01 +0000\","
                + "\"date_updated\":\"Mon, 16 Dec 2024 03:10:05 +0000\"}";
    }

    static Stream<Arguments> hostileCsvRows() {
        return Stream.of(
                Arguments.of("too few columns", utf8("SM00000000000000000000000000000bad,+15017122661")),
                Arguments.of("a date that is no date", utf8(csvRow("SM00000000000000000000000000000bad", "yesterday"))),
                Arguments.of("no sid", utf8(csvRow("", "2024-12-16T03:10:01Z"))),
                Arguments.of("invalid UTF-8", invalidUtf8Row()),
                Arguments.of(
                        "a 10 MB field", utf8(csvRow("SM" + "f".repeat(10 * 1024 * 1024), "2024-12-16T03:10:01Z"))));
    }

    @ParameterizedTest(name = "twilio-messages CSV: {0}")
    @MethodSource("hostileCsvRows")
    void rejectsTheHostileCsvRowAndStoresTheRowsAroundIt(String what, byte[] hostile) {
        byte[] body = lines(
                utf8(CSV_HEADER),
                utf8(csvRow("SM000000000000000000000000000000a1", "2024-12-16T03:10:01Z")),
                hostile,
                utf8(csvRow("SM000000000000000000000000000000b2", "2024-12-16T03:11:01Z")));

        Reply reply = api.postEvents(key, "twilio-messages", "text/csv", body);

        assertThat(reply.status()).as(what).isEqualTo(202);
        assertThat(reply.body().get("accepted").asLong()).as(what).isEqualTo(2);
        assertThat(reply.body().get("rejected").asLong()).as(what).isEqualTo(1);
        assertThat(reply.body().get("rejections").get(0).get("reason").asString())
                .isNotBlank();
        assertThat(events.countForTenant(tenantId)).isEqualTo(2);
    }

    private static final String CSV_HEADER =
            "Sid,From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Direction,Price,PriceUnit";

    private static String csvRow(String sid, String sent) {
        return sid + ",+15017122661,+447700900123,\"Your code is 4918\",delivered," + sent
                + ",2010-04-01,1,,AC0123456789abcdef0123456789abcdef,outbound-api,-0.04000,USD";
    }

    private static byte[] invalidUtf8Row() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8("SM00000000000000000000000000000bad,+15017122661,+4477009"));
        bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
        bytes.writeBytes(utf8(",\"Your code is 4918\",delivered,2024-12-16T03:10:01Z,2010-04-01,1,,"
                + "AC0123456789abcdef0123456789abcdef,outbound-api,-0.04000,USD"));
        return bytes.toByteArray();
    }

    private static byte[] lines(byte[]... records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] record : records) {
            body.writeBytes(record);
            body.write('\n');
        }
        return body.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
