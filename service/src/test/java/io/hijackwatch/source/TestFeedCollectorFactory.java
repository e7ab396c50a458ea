package io.hijackwatch.source;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.EventParsers;
import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.pull.Batch;
import io.hijackwatch.collector.pull.BatchSink;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.Cursor;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.PollResult;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import io.hijackwatch.support.CloudTrailSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code test-feed} kind: reads a {@link TestFeeds} feed of CloudTrail records, a batch at a time, with the offset
 * of the next record as its cursor. A feed may demand a token, given as a secret reference.
 */
public final class TestFeedCollectorFactory implements SourceCollectorFactory {

    static final String KIND = "test-feed";
    private static final EventParser CLOUDTRAIL =
            EventParsers.discover().forFormat("cloudtrail").orElseThrow();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Provider provider() {
        return Provider.AWS;
    }

    @Override
    public List<SourceSetting> settings() {
        return List.of(
                SourceSetting.required("feed", "the feed's name"),
                SourceSetting.secret("token", "the token the feed asks for"),
                SourceSetting.optional("batchSize", "records per batch, 10 unless set"),
                SourceSetting.optional("batchesPerPoll", "batches before a poll ends with more to read"));
    }

    @Override
    public SourceCollector open(SourceConfig config) {
        return new Collector(
                config,
                TestFeeds.feed(config.requiredSetting("feed")),
                number(config, "batchSize", 10),
                number(config, "batchesPerPoll", Integer.MAX_VALUE));
    }

    private static int number(SourceConfig config, String name, int otherwise) {
        String value = config.setting(name).orElse(null);
        if (value == null) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSourceSettingsException("The setting " + name + " is a positive whole number.");
    }

    private static final class Collector implements SourceCollector {
        private final SourceConfig config;
        private final TestFeeds.Feed feed;
        private final int batchSize;
        private final int batchesPerPoll;

        Collector(SourceConfig config, TestFeeds.Feed feed, int batchSize, int batchesPerPoll) {
            this.config = config;
            this.feed = feed;
            this.batchSize = batchSize;
            this.batchesPerPoll = batchesPerPoll;
        }

        @Override
        public PollResult poll(Cursor cursor, BatchSink sink) throws CollectorException {
            feed.entered(cursor);
            try {
                checkToken();
                return read(cursor, sink);
            } finally {
                feed.left();
            }
        }

        private PollResult read(Cursor cursor, BatchSink sink) throws CollectorException {
            int offset = cursor.value("offset").map(Integer::parseInt).orElse(0);
            long handed = 0;
            for (int batches = 0; batches < batchesPerPoll; batches++) {
                if (offset >= feed.size() || sink.stopRequested()) {
                    return PollResult.caughtUp(handed);
                }
                List<String> records = feed.read(offset, batchSize);
                offset += records.size();
                Batch batch = parse(records, offset);
                pause();
                commit(sink, batch);
                handed += batch.events().size();
            }
            return new PollResult(handed, offset < feed.size());
        }

        private void commit(BatchSink sink, Batch batch) {
            try {
                sink.commit(batch);
            } catch (RuntimeException e) {
                feed.commitErrors.add(e);
                throw e;
            }
        }

        private void pause() throws CollectorException {
            try {
                feed.beforeCommit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CollectorException.transientFailure("Interrupted", e);
            }
        }

        private void checkToken() throws CollectorException {
            CollectorException failure = feed.nextFailure();
            if (failure != null) {
                throw failure;
            }
            String reference = config.setting("token").orElse(null);
            String token = reference == null ? null : config.secrets().resolve(reference);
            if (feed.requiredToken != null && !feed.requiredToken.equals(token)) {
                throw CollectorException.permanentFailure("The feed " + feed.name + " refused the token.", null);
            }
        }

        @Override
        public String testConnection() throws CollectorException {
            checkToken();
            if (feed.size() == 0) {
                throw CollectorException.permanentFailure("The feed " + feed.name + " has nothing to read.", null);
            }
            return "Reached the feed " + feed.name + " with " + feed.size() + " records.";
        }

        private static Batch parse(List<String> records, int nextOffset) {
            List<NormalizedEvent> events = new ArrayList<>();
            List<Rejection> rejections = new ArrayList<>();
            int first = nextOffset - records.size();
            byte[] file = CloudTrailSamples.deliveryFile(records).getBytes(StandardCharsets.UTF_8);
            try {
                CLOUDTRAIL.parse(new ByteArrayInputStream(file), new ParseListener() {
                    @Override
                    public void onEvent(NormalizedEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onRejected(Rejection rejection) {
                        long index = first + rejection.index();
                        rejections.add(new Rejection(index, "record " + index + ": " + rejection.reason()));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Instant position = events.stream()
                    .map(NormalizedEvent::time)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
            return new Batch(
                    events, rejections, Cursor.of(1, Map.of("offset", Integer.toString(nextOffset))), position);
        }
    }
}
