package io.hijackwatch.collector.twilio;

import static io.hijackwatch.collector.testing.TestInputs.gzip;
import static io.hijackwatch.collector.testing.TestInputs.resource;
import static io.hijackwatch.collector.testing.TestInputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.testing.CollectingListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The shapes Twilio message logs come in, and the event each message becomes. */
class TwilioMessagesParserTests {

    static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    private static final String DELIVERED = "SM1f0e8ae6ade43cb3c0ce4525424e404f";
    private static final String BLOCKED = "SM2a0e8ae6ade43cb3c0ce4525424e4050";
    private static final String INBOUND = "SM3b0e8ae6ade43cb3c0ce4525424e4051";

    private final TwilioMessagesParser parser = new TwilioMessagesParser();

    @Test
    void readsEveryMessageOfAnApiPage() throws IOException {
        CollectingListener result = parse(resource("/twilio/messages-page.json"));

        assertThat(result.rejections).isEmpty();
        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly(DELIVERED, BLOCKED, INBOUND);
    }

    @Test
    void makesTheAgreedEventOfADeliveredMessage() throws IOException {
        NormalizedEvent event = parse(resource("/twilio/messages-page.json")).event(0);

        assertThat(event.provider()).isEqualTo(Provider.TWILIO);
        assertThat(event.account()).isEqualTo(ACCOUNT);
        assertThat(event.region()).isNull();
        assertThat(event.time()).isEqualTo(Instant.parse("2024-12-16T03:10:00Z"));
        assertThat(event.service()).isEqualTo("twilio.messages");
        assertThat(event.action()).isEqualTo("outbound-api");
        assertThat(event.principal()).isEqualTo("MG9752274e9e519418a7406176694466fa");
        assertThat(event.sourceIp()).isNull();
        assertThat(event.userAgent()).isNull();
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.errorCode()).isNull();
        assertThat(event.resource()).isEqualTo("+447512345678");
        assertThat(event.attributes())
                .containsExactly(
                        entry("status", "delivered"),
                        entry("to", "+447512345678"),
                        entry("from", "+15017122661"),
                        entry("messagingServiceSid", "MG9752274e9e519418a7406176694466fa"),
                        entry("segments", 1L),
                        entry("media", 0L),
                        entry("price", 0.075),
                        entry("priceUnit", "USD"),
                        entry("dateSent", "2024-12-16T03:10:01Z"),
                        entry("dateUpdated", "2024-12-16T03:10:05Z"),
                        entry("toCountry", "GB"),
                        entry("toCallingCode", "44"),
                        entry("toType", "mobile"),
                        entry("toPrefix", "+447512345"),
                        entry("toValid", true));
    }

    @Test
    void makesAFailedMessageAFailureWithItsErrorCodeAndSenderAsPrincipal() throws IOException {
        NormalizedEvent event = parse(resource("/twilio/messages-page.json")).event(1);

        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.errorCode()).isEqualTo("30453");
        assertThat(event.principal()).isEqualTo("+15017122661");
        assertThat(event.attributes()).doesNotContainKeys("price", "messagingServiceSid", "body");
        assertThat(event.attribute("toCallingCode")).isEqualTo("882");
    }

    @Test
    void keepsZeroSegmentsAndTheDirectionOfInboundMessages() throws IOException {
        NormalizedEvent event = parse(resource("/twilio/messages-page.json")).event(2);

        assertThat(event.action()).isEqualTo("inbound");
        assertThat(event.attribute("segments")).isEqualTo(0L);
        assertThat(event.attribute("toType")).isEqualTo("fixed_line_or_mobile");
    }

    @Test
    void treatsUndeliveredAsFailure() throws IOException {
        NormalizedEvent event =
                parse(utf8(message("SMu", "undelivered", "\"-0.00750\""))).event(0);

        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.attribute("price")).isEqualTo(0.0075);
    }

    @Test
    void neverKeepsTheBody() throws IOException {
        CollectingListener result = parse(resource("/twilio/messages-page.json"));

        assertThat(result.events)
                .allSatisfy(
                        event -> assertThat(event.attributes().toString()).doesNotContain("verification code", "STOP"));
        assertThat(result.events)
                .allSatisfy(event -> assertThat(event.attributes().keySet())
                        .isSubsetOf(
                                "status",
                                "to",
                                "from",
                                "messagingServiceSid",
                                "segments",
                                "media",
                                "price",
                                "priceUnit",
                                "dateSent",
                                "dateUpdated",
                                "toCountry",
                                "toCallingCode",
                                "toType",
                                "toPrefix",
                                "toValid"));
    }

    @Test
    void readsAJsonArrayAndJsonLinesLikeTheApiPage() throws IOException {
        String first = message("SMa", "queued", "null");
        String second = message("SMb", "sent", "\"-0.0079\"");

        CollectingListener array = parse(utf8("[" + first + ",\n" + second + "]"));
        CollectingListener lines = parse(utf8(first + "\n" + second + "\n"));

        assertThat(array.events).extracting(NormalizedEvent::eventId).containsExactly("SMa", "SMb");
        assertThat(lines.events).isEqualTo(array.events);
    }

    @Test
    void readsBulkExportLinesWithIsoTimesGzipped() throws IOException {
        String line = message("SMx", "delivered", "\"-0.0079\"")
                .replace("Mon, 16 Dec 2024 03:10:00 +0000", "2024-12-16T03:10:00Z");

        NormalizedEvent event = parse(gzip(utf8(line + "\n"))).event(0);

        assertThat(event.time()).isEqualTo(Instant.parse("2024-12-16T03:10:00Z"));
    }

    @Test
    void emitsALaterReadingOfTheSameMessageWithItsPriceAndSegments() throws IOException {
        String early =
                message("SMlate", "queued", "null").replace("\"num_segments\": \"1\"", "\"num_segments\": \"0\"");
        String later = message("SMlate", "delivered", "\"-0.05\"")
                .replace("\"num_segments\": \"1\"", "\"num_segments\": \"3\"");

        CollectingListener result = parse(utf8(early + "\n" + later + "\n"));

        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly("SMlate", "SMlate");
        assertThat(result.event(0).attributes()).containsEntry("segments", 0L).doesNotContainKey("price");
        assertThat(result.event(1).attributes()).containsEntry("segments", 3L).containsEntry("price", 0.05);
    }

    @Test
    void rejectsABrokenRecordAndKeepsTheRest() throws IOException {
        String good = message("SMgood", "sent", "null");
        String noSid = message("", "sent", "null");
        String badTime = message("SMtime", "sent", "null").replace("Mon, 16 Dec 2024 03:10:00 +0000", "yesterday");
        String badCount =
                message("SMcount", "sent", "null").replace("\"num_segments\": \"1\"", "\"num_segments\": \"-1\"");
        String nested = message("SMnested", "sent", "null").replace("\"status\": \"sent\"", "\"status\": {\"a\": 1}");

        CollectingListener result = parse(
                utf8(String.join("\n", good, noSid, badTime, "{\"sid\": \"SMcut", badCount, nested, good) + "\n"));

        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly("SMgood", "SMgood");
        assertThat(result.rejections)
                .extracting(Rejection::index, Rejection::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "sid is missing"),
                        org.assertj.core.groups.Tuple.tuple(
                                2L, "date_created is not a time in RFC 2822 or ISO 8601: 'yesterday'"),
                        org.assertj.core.groups.Tuple.tuple(3L, "record is cut off at the end of its line"),
                        org.assertj.core.groups.Tuple.tuple(
                                4L, "num_segments is not a whole number of at most 9 digits"),
                        org.assertj.core.groups.Tuple.tuple(5L, "status must be a string, not an object"));
    }

    @Test
    void readsTheConsoleCsvExport() throws IOException {
        CollectingListener result = parse(resource("/twilio/console-export.csv"));

        assertThat(result.rejections).isEmpty();
        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly(DELIVERED, BLOCKED, INBOUND);
        NormalizedEvent delivered = result.event(0);
        assertThat(delivered.account()).isEqualTo(ACCOUNT);
        assertThat(delivered.time()).isEqualTo(Instant.parse("2024-12-16T03:10:01Z"));
        assertThat(delivered.attributes())
                .containsEntry("price", 0.075)
                .containsEntry("segments", 1L)
                .containsEntry("toCountry", "GB");
        assertThat(result.event(1).outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(result.event(1).errorCode()).isEqualTo("30453");
        assertThat(result.event(1).time()).isEqualTo(Instant.parse("2024-12-16T03:09:41Z"));
        assertThat(result.event(2).time()).isEqualTo(Instant.parse("2024-12-16T03:08:00Z"));
    }

    @Test
    void matchesCsvHeadersWhateverTheirCaseSpacingOrOrder() throws IOException {
        String csv = "Date Created,SMS Message SID,TO,from,Num_Segments,message segments,Status\n"
                + "2024-12-16 03:10:00,SMa,+447512345678,+15017122661,2,,sent\n";

        NormalizedEvent event = parse(utf8(csv)).event(0);

        assertThat(event.eventId()).isEqualTo("SMa");
        assertThat(event.time()).isEqualTo(Instant.parse("2024-12-16T03:10:00Z"));
        assertThat(event.attributes()).containsEntry("segments", 2L).containsEntry("from", "+15017122661");
    }

    @Test
    void rejectsBadCsvRowsByIndexAndKeepsTheRest() throws IOException {
        String csv = "sid,to,from,date_created,num_segments\n"
                + "SMa,+447512345678,+1501,2024-12-16T03:10:00Z,1\n"
                + "SMb,+447512345678,+1501,not a time,1\n"
                + "SMc,+447512345678,+1501,2024-12-16T03:10:00Z,1,extra\n"
                + "SMd,+447512345678,+1501,2024-12-16T03:10:00Z,many\n"
                + "SMe,+447512345678,+1501,2024-12-16T03:10:00Z,1\n";

        CollectingListener result = parse(utf8(csv));

        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly("SMa", "SMe");
        assertThat(result.rejections).extracting(Rejection::index).containsExactly(1L, 2L, 3L);
        assertThat(result.rejections.get(0).reason()).startsWith("line 3: date_created is not a time");
        assertThat(result.rejections.get(1).reason()).isEqualTo("line 4: row has 6 fields but the header names 5");
        assertThat(result.rejections.get(2).reason()).startsWith("line 5: num_segments");
    }

    @Test
    void keepsARowWhoseUnreadBodyIsNoUtf8AndRejectsOneWhoseNumberIsNot() throws IOException {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes(utf8("sid,to,date_created,body\n"));
        csv.writeBytes(utf8("SMa,+447512345678,2024-12-16T03:10:00Z,caf"));
        csv.write(0xE9);
        csv.writeBytes(utf8("\nSMb,+4475123"));
        csv.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        csv.writeBytes(utf8("5678,2024-12-16T03:10:00Z,fine\nSMc,+447512345678,2024-12-16T03:10:00Z,fine\n"));

        CollectingListener result = parse(csv.toByteArray());

        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly("SMa", "SMc");
        assertThat(result.rejections)
                .singleElement()
                .satisfies(rejection -> assertThat(rejection.reason()).isEqualTo("line 3: to is not valid UTF-8"));
    }

    @Test
    void rejectsACsvWithoutASidColumnOnce() throws IOException {
        CollectingListener result = parse(utf8("to,from,status\n+447512345678,+1501,sent\n"));

        assertThat(result.events).isEmpty();
        assertThat(result.rejections)
                .singleElement()
                .satisfies(rejection -> assertThat(rejection.reason()).contains("no message SID column"));
    }

    @Test
    void boundsAnUnclosedQuoteToItsRowAndResumesOnTheNextLine() throws IOException {
        TwilioMessagesParser small = new TwilioMessagesParser(200);
        String csv = "sid,to,date_created,body\n"
                + "SMa,+447512345678,2024-12-16T03:10:00Z,\"never closed " + "x".repeat(300) + "\n"
                + "SMb,+447512345678,2024-12-16T03:10:00Z,fine\n";

        CollectingListener result = new CollectingListener();
        small.parse(new ByteArrayInputStream(utf8(csv)), result);

        assertThat(result.events).extracting(NormalizedEvent::eventId).containsExactly("SMb");
        assertThat(result.rejections)
                .singleElement()
                .satisfies(rejection ->
                        assertThat(rejection.reason()).isEqualTo("line 2: row is longer than 200 characters"));
    }

    @Test
    void rejectsAQuoteLeftOpenAtTheEndOfTheInput() throws IOException {
        String csv = "sid,to,date_created,body\nSMa,+447512345678,2024-12-16T03:10:00Z,\"open\n";

        CollectingListener result = parse(utf8(csv));

        assertThat(result.events).isEmpty();
        assertThat(result.rejections)
                .singleElement()
                .satisfies(rejection -> assertThat(rejection.reason()).contains("quoted field is not closed"));
    }

    @Test
    void recognizesItsShapesAndNotOtherFormats() throws IOException {
        assertThat(parser.recognizes(new String(resource("/twilio/messages-page.json"), "UTF-8")))
                .isTrue();
        assertThat(parser.recognizes(message("SMa", "sent", "null"))).isTrue();
        assertThat(parser.recognizes("\uFEFFSid,From,To,Body,Status,SentDate\r\nSM1,"))
                .isTrue();
        assertThat(parser.recognizes("SMS Message SID,From,To,Date Created")).isTrue();

        assertThat(parser.recognizes("{\"Records\":[{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"Run\""))
                .isFalse();
        assertThat(parser.recognizes("{\"protoPayload\":{\"serviceName\":\"compute.googleapis.com\""))
                .isFalse();
        assertThat(parser.recognizes("{\"account_sid\":\"AC1\",\"category\":\"sms\",\"count\":\"3\"}"))
                .isFalse();
        assertThat(parser.recognizes("time,user,action\n2024-12-16,alice,login"))
                .isFalse();
        assertThat(parser.recognizes("")).isFalse();
    }

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(EventParser.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(found -> {
                    assertThat(found).isInstanceOf(TwilioMessagesParser.class);
                    assertThat(found.format()).isEqualTo("twilio-messages");
                    assertThat(found.provider()).isEqualTo(Provider.TWILIO);
                });
    }

    /** One Message resource as the API writes it, on one line. */
    static String message(String sid, String status, String price) {
        return ("{\"account_sid\": \"" + ACCOUNT + "\", \"body\": \"Your code is 491823\","
                        + " \"date_created\": \"Mon, 16 Dec 2024 03:10:00 +0000\","
                        + " \"date_sent\": \"Mon, 16 Dec 2024 03:10:01 +0000\","
                        + " \"date_updated\": \"Mon, 16 Dec 2024 03:10:05 +0000\", \"direction\": \"outbound-api\","
                        + " \"error_code\": null, \"from\": \"+15017122661\", \"messaging_service_sid\": null,"
                        + " \"num_media\": \"0\", \"num_segments\": \"1\", \"price\": %s, \"price_unit\": \"USD\","
                        + " \"sid\": \"%s\", \"status\": \"%s\", \"to\": \"+447512345678\"}")
                .formatted(price, sid, status);
    }

    private CollectingListener parse(byte[] input) throws IOException {
        CollectingListener listener = new CollectingListener();
        parser.parse(new ByteArrayInputStream(input), listener);
        return listener;
    }
}
