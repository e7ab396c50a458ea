package io.hijackwatch.collector.twilio;

import com.twilio.base.Page;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.rest.api.v2010.account.usage.record.Daily;
import com.twilio.rest.api.v2010.account.usage.record.DailyReader;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.json.InvalidRecordException;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Twilio account's messages, and its daily SMS usage records, through the REST API.
 *
 * <p>The Messages list filters on {@code DateSent} by whole UTC days, newest first, so each poll asks for every
 * message sent since the start of the day of the last poll less the overlap, and stops following next pages once a
 * page reaches messages sent before that point. Messages read again (their price and segments fill in minutes after
 * sending) are emitted again with the same id and the service keeps the latest. Usage records of the window's days
 * are committed first, then every page of messages: pages before the last with the cursor the poll started from,
 * the last one with the poll's time, so a poll that fails part way reads its window again.
 */
final class TwilioCollector implements SourceCollector {

    private static final Logger log = LoggerFactory.getLogger(TwilioCollector.class);
    private static final long PAGE_SIZE = 1000;

    private final SourceConfig config;
    private final TwilioSettings settings;
    private final RetryTuning retries;
    private final Clock clock;
    private TwilioCalls calls;

    TwilioCollector(SourceConfig config, TwilioSettings settings, RetryTuning retries) {
        this.config = config;
        this.settings = settings;
        this.retries = retries;
        this.clock = config.environment().clock();
    }

    @Override
    public PollResult poll(Cursor cursor, BatchSink sink) throws CollectorException {
        Instant now = clock.instant();
        Optional<MessageCursor> stored = MessageCursor.from(cursor);
        Instant start = stored.map(last -> last.after().minus(settings.overlap()))
                .orElseGet(() -> now.minus(settings.initialLookback()));
        Cursor restart = stored.isPresent() ? cursor : new MessageCursor(start.plus(settings.overlap())).toCursor();

        long events = 0;
        if (settings.usageRecords()) {
            events += readUsage(day(start), day(now), restart, sink);
        }
        return readMessages(start, now, restart, sink, events);
    }

    private long readUsage(LocalDate first, LocalDate last, Cursor restart, BatchSink sink) throws CollectorException {
        List<NormalizedEvent> events = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (String category : UsageEvents.CATEGORIES) {
            DailyReader reader = Daily.reader(settings.accountSid())
                    .setCategory(category)
                    .setStartDate(first)
                    .setEndDate(last);
            Page<Daily> page = calls().call("list usage records", reader::firstPage);
            while (true) {
                for (Daily record : page.getRecords()) {
                    addUsage(record, events, rejections);
                }
                if (!page.hasNextPage()) {
                    break;
                }
                Page<Daily> current = page;
                page = calls().call("list usage records", client -> reader.nextPage(current, client));
            }
        }
        if (!events.isEmpty() || !rejections.isEmpty()) {
            sink.commit(new Batch(events, rejections, restart, null));
        }
        log.debug(
                "Read {} usage records of account {} from {} to {}", events.size(), settings.accountSid(), first, last);
        return events.size();
    }

    private void addUsage(Daily record, List<NormalizedEvent> events, List<Rejection> rejections) {
        try {
            events.add(UsageEvents.toEvent(settings.accountSid(), record));
        } catch (InvalidRecordException e) {
            rejections.add(new Rejection(rejections.size(), e.getMessage()));
        }
    }

    private PollResult readMessages(Instant start, Instant now, Cursor restart, BatchSink sink, long eventsBefore)
            throws CollectorException {
        MessageReader reader = Message.reader(settings.accountSid())
                .setDateSentAfter(day(start).atStartOfDay(ZoneOffset.UTC))
                .setPageSize(PAGE_SIZE);
        Progress progress = new Progress(eventsBefore);
        Page<Message> page = calls().call("list messages", reader::firstPage);
        while (true) {
            PageEvents converted = progress.add(page.getRecords());
            boolean last = !page.hasNextPage() || reachedBefore(page, start);
            if (last) {
                sink.commit(new Batch(converted.events, converted.rejections, new MessageCursor(now).toCursor(), now));
                log.info(
                        "Read {} messages of account {} sent since {} in {} pages",
                        progress.messages,
                        settings.accountSid(),
                        day(start),
                        progress.pages);
                return PollResult.caughtUp(progress.events);
            }
            if (!converted.events.isEmpty() || !converted.rejections.isEmpty()) {
                sink.commit(new Batch(converted.events, converted.rejections, restart, null));
            }
            if (sink.stopRequested()) {
                log.info("Stopped reading the messages of account {} part way", settings.accountSid());
                return new PollResult(progress.events, false);
            }
            Page<Message> current = page;
            page = calls().call("list messages", client -> reader.nextPage(current, client));
        }
    }

    /** Whether the page, newest first, ends with a message sent before the window starts. */
    private static boolean reachedBefore(Page<Message> page, Instant start) {
        List<Message> records = page.getRecords();
        if (records.isEmpty()) {
            return true;
        }
        Message oldest = records.get(records.size() - 1);
        return oldest.getDateSent() != null && oldest.getDateSent().toInstant().isBefore(start);
    }

    private static LocalDate day(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    @Override
    public String testConnection() throws CollectorException {
        MessageReader reader = Message.reader(settings.accountSid()).setPageSize(1L);
        Page<Message> page = calls().call("list messages", reader::firstPage);
        String messages = page.getRecords().isEmpty()
                ? "it holds no messages"
                : "its newest message was created "
                        + page.getRecords().get(0).getDateCreated().toInstant();
        if (!settings.usageRecords()) {
            return "Reached Twilio account " + settings.accountSid() + " and read its messages; " + messages + ".";
        }
        DailyReader usage = Daily.reader(settings.accountSid())
                .setCategory(UsageEvents.CATEGORIES.get(0))
                .setStartDate(day(clock.instant()))
                .setPageSize(1L);
        calls().call("list usage records", usage::firstPage);
        return "Reached Twilio account " + settings.accountSid() + " and read its messages and SMS usage records; "
                + messages + ".";
    }

    private TwilioCalls calls() throws CollectorException {
        if (calls == null) {
            calls = new TwilioCalls(
                    TwilioClients.open(
                            settings, config.secrets(), config.environment().endpoint(TwilioClients.ENDPOINT_NAME)),
                    settings.accountSid(),
                    retries);
        }
        return calls;
    }

    /** The events and rejections of one page. */
    private record PageEvents(List<NormalizedEvent> events, List<Rejection> rejections) {}

    /** What a poll has read so far. */
    private static final class Progress {

        private long events;
        private long messages;
        private long pages;

        Progress(long eventsBefore) {
            this.events = eventsBefore;
        }

        PageEvents add(List<Message> page) {
            List<NormalizedEvent> events = new ArrayList<>(page.size());
            List<Rejection> rejections = new ArrayList<>();
            for (Message message : page) {
                try {
                    events.add(MessageEvents.toEvent(SdkMessages.from(message)));
                } catch (InvalidRecordException e) {
                    rejections.add(new Rejection(messages, "message " + message.getSid() + ": " + e.getMessage()));
                }
                messages++;
            }
            pages++;
            this.events += events.size();
            return new PageEvents(events, rejections);
        }
    }
}
