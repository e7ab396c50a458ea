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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Twilio account's messages, and its daily SMS usage records, through the REST API.
 *
 * <p>The Messages list filters on {@code DateSent} by whole UTC days, newest first, so each poll asks for every
 * message sent since the start of the day of the last poll less the overlap, and stops following next pages once a
 * page reaches messages sent before that point; of those, the messages sent before the last poll less the overlap
 * were read before and are passed over. A message read again within the overlap is emitted again, with the same id,
 * only when it changed (its price and segments fill in minutes after sending, its status moves on): the cursor keeps
 * a fingerprint of each reading the next poll will see again. Usage records of the window's days are committed first,
 * then every page of messages: pages before the last with the cursor the poll started from, the last one with the
 * poll's time, so a poll that fails part way reads its window again.
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
        Cursor restart =
                stored.isPresent() ? cursor : new MessageCursor(start.plus(settings.overlap()), Set.of()).toCursor();
        Set<String> seen = stored.map(MessageCursor::seen).orElse(Set.of());

        long events = 0;
        if (settings.usageRecords()) {
            events += readUsage(day(start), day(now), restart, sink);
        }
        Progress progress = new Progress(events, start, now.minus(settings.overlap()), seen);
        return readMessages(progress, now, restart, sink);
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

    private PollResult readMessages(Progress progress, Instant now, Cursor restart, BatchSink sink)
            throws CollectorException {
        MessageReader reader = Message.reader(settings.accountSid())
                .setDateSentAfter(day(progress.start).atStartOfDay(ZoneOffset.UTC))
                .setPageSize(PAGE_SIZE);
        Page<Message> page = calls().call("list messages", reader::firstPage);
        while (true) {
            PageEvents converted = progress.add(page.getRecords());
            boolean last = !page.hasNextPage() || reachedBefore(page, progress.start);
            if (last) {
                Cursor end = new MessageCursor(now, progress.kept()).toCursor();
                sink.commit(new Batch(converted.events, converted.rejections, end, now));
                log.info(
                        "Read {} messages of account {} sent since {} in {} pages; {} were new or changed",
                        progress.messages,
                        settings.accountSid(),
                        progress.start,
                        progress.pages,
                        progress.emitted);
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
                : "its newest message is " + page.getRecords().get(0).getSid();
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

    /**
     * What a poll has read so far. Messages sent before the window were read by an earlier poll and are passed over;
     * a reading already seen (by the last poll, or earlier in this one) is not emitted again. The readings of messages
     * sent from {@code keepFrom} on, which the next poll reads again, are kept for its cursor, the newest first and
     * at most {@link #MAX_SEEN}.
     */
    private static final class Progress {

        static final int MAX_SEEN = 50_000;

        private final Instant start;
        private final Instant keepFrom;
        private final Set<String> seenBefore;
        private final Set<String> seenNow = new HashSet<>();
        private final Set<String> kept = new LinkedHashSet<>();
        private long events;
        private long emitted;
        private long messages;
        private long pages;

        Progress(long eventsBefore, Instant start, Instant keepFrom, Set<String> seenBefore) {
            this.events = eventsBefore;
            this.start = start;
            this.keepFrom = keepFrom;
            this.seenBefore = seenBefore;
        }

        PageEvents add(List<Message> page) {
            List<NormalizedEvent> events = new ArrayList<>(page.size());
            List<Rejection> rejections = new ArrayList<>();
            for (Message message : page) {
                Instant sent = message.getDateSent() == null
                        ? null
                        : message.getDateSent().toInstant();
                if (sent == null || !sent.isBefore(start)) {
                    read(message, sent, events, rejections);
                }
                messages++;
            }
            pages++;
            this.events += events.size();
            this.emitted += events.size();
            return new PageEvents(events, rejections);
        }

        private void read(Message message, Instant sent, List<NormalizedEvent> events, List<Rejection> rejections) {
            NormalizedEvent event = null;
            String reading;
            String reason = null;
            try {
                event = MessageEvents.toEvent(SdkMessages.from(message));
                reading = Readings.of(event);
            } catch (InvalidRecordException e) {
                String label = message.getSid() == null ? "a message without a SID" : "message " + message.getSid();
                reason = label + ": " + e.getMessage();
                reading = Readings.ofRejected(message.getSid(), reason);
            }
            if ((sent == null || !sent.isBefore(keepFrom)) && kept.size() < MAX_SEEN) {
                kept.add(reading);
            }
            if (seenBefore.contains(reading) || !seenNow.add(reading)) {
                return;
            }
            if (event != null) {
                events.add(event);
            } else {
                rejections.add(new Rejection(messages, reason));
            }
        }

        Set<String> kept() {
            return kept;
        }
    }
}
