package io.hijackwatch.baseline;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.collector.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Synthetic AWS messaging traffic: SES event publishing records (Send, Delivery, Bounce, Complaint) and SNS text
 * messages, as hourly volumes that the tests shape into weeks of seasonal history and bursts.
 */
final class MessagingTraffic {

    static final String SES = "ses.events";
    static final String SNS_SMS = "sns.sms";

    private final List<NormalizedEvent> events = new ArrayList<>();
    private static long sequence;

    /** {@code days} of hourly SES sends, the count of each hour given by its hour of the week (0 = Monday 00:00). */
    MessagingTraffic sesHistory(String account, Instant from, int days, IntUnaryOperator perHourOfWeek) {
        for (int hour = 0; hour < days * 24; hour++) {
            Instant start = from.plus(Duration.ofHours(hour));
            sesHour(account, start, perHourOfWeek.applyAsInt(hour % (7 * 24)), 0, 0);
        }
        return this;
    }

    /** One hour of SES: sends, each with a delivery record, and bounces and complaints among them. */
    MessagingTraffic sesHour(String account, Instant hour, int sends, int bounces, int complaints) {
        for (int i = 0; i < sends; i++) {
            Instant time = hour.plusSeconds(i * 3600L / Math.max(1, sends));
            events.add(ses(account, time, "Send", Outcome.SUCCESS));
            events.add(ses(account, time.plusSeconds(2), i < bounces ? "Bounce" : "Delivery", Outcome.SUCCESS));
            if (i < complaints) {
                events.add(ses(account, time.plusSeconds(3), "Complaint", Outcome.SUCCESS));
            }
        }
        return this;
    }

    /** One hour of SNS text messages, {@code failed} of them not delivered. */
    MessagingTraffic snsHour(String account, Instant hour, int messages, int failed) {
        for (int i = 0; i < messages; i++) {
            Instant time = hour.plusSeconds(i * 3600L / Math.max(1, messages));
            events.add(event(
                    account,
                    time,
                    SNS_SMS,
                    "Publish",
                    i < failed ? Outcome.FAILURE : Outcome.SUCCESS,
                    Map.of("status", i < failed ? "FAILURE" : "SUCCESS")));
        }
        return this;
    }

    MessagingTraffic snsHistory(String account, Instant from, int days, int perHour) {
        for (int hour = 0; hour < days * 24; hour++) {
            snsHour(account, from.plus(Duration.ofHours(hour)), perHour, 0);
        }
        return this;
    }

    List<NormalizedEvent> events() {
        return List.copyOf(events);
    }

    private static NormalizedEvent ses(String account, Instant time, String eventType, Outcome outcome) {
        return event(account, time, SES, eventType, outcome, Map.of("eventType", eventType));
    }

    private static NormalizedEvent event(
            String account,
            Instant time,
            String service,
            String action,
            Outcome outcome,
            Map<String, Object> attributes) {
        return new NormalizedEvent(
                Provider.AWS,
                "msg-" + (++sequence) + "-" + account,
                account,
                "eu-west-1",
                time,
                service,
                action,
                "arn:aws:iam::" + account + ":user/mailer",
                "198.51.100.7",
                "aws-sdk-java/2.31",
                outcome,
                null,
                null,
                attributes);
    }
}
