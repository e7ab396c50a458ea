package io.hijackwatch.baseline;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Outcome;
import io.hijackwatch.detect.Finding;
import io.hijackwatch.detect.TenantRuleSettings;
import io.hijackwatch.ingest.BatchObserver;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the message records and hourly aggregates up to date with every batch that ingestion stores, in its
 * transaction, then runs the baseline detectors on the hours the batch changed. A replayed batch changes nothing and
 * so finds nothing; a later record of a message changes the aggregates by the difference.
 */
@Component
class BaselineObserver implements BatchObserver {

    private static final Logger log = LoggerFactory.getLogger(BaselineObserver.class);

    private final SmsMessages messages;
    private final BaselineStore store;
    private final SmsPumpingDetector pumping;
    private final VolumeBurstDetector volume;
    private final TenantRuleSettings ruleSettings;
    private final BaselineProperties properties;
    private final Channels channels;
    private final Map<String, Instant> prunedUpTo = new ConcurrentHashMap<>();

    BaselineObserver(
            SmsMessages messages,
            BaselineStore store,
            SmsPumpingDetector pumping,
            VolumeBurstDetector volume,
            TenantRuleSettings ruleSettings,
            BaselineProperties properties) {
        this.messages = messages;
        this.store = store;
        this.pumping = pumping;
        this.volume = volume;
        this.ruleSettings = ruleSettings;
        this.properties = properties;
        this.channels = new Channels(properties.volume().channels());
    }

    @Override
    public List<Finding> onBatch(long tenantId, List<NormalizedEvent> all, List<NormalizedEvent> stored) {
        BatchChanges changes = new BatchChanges();
        recordMessages(tenantId, all, changes);
        countChannels(stored, changes);
        if (changes.isEmpty()) {
            return List.of();
        }

        store.add(tenantId, changes.deltas());
        changes.prefixHours().forEach(cell -> store.countNumbers(tenantId, cell));
        prune(tenantId, changes);
        return detect(tenantId, changes);
    }

    private void recordMessages(long tenantId, List<NormalizedEvent> all, BatchChanges changes) {
        List<SmsMessage> incoming =
                all.stream().filter(SmsMessage::isMessage).map(SmsMessage::of).toList();
        if (incoming.isEmpty()) {
            return;
        }
        Map<String, SmsMessage> current = new HashMap<>(
                messages.find(tenantId, incoming.stream().map(SmsMessage::sid).toList()));
        Map<String, SmsMessage> changed = new LinkedHashMap<>();
        for (SmsMessage record : incoming) {
            SmsMessage before = current.get(record.sid());
            SmsMessage after = before == null ? record : before.merge(record);
            if (after.sameAs(before)) {
                continue;
            }
            current.put(after.sid(), after);
            changed.put(after.sid(), after);
            changes.replace(before, after, properties.sms().fraudGuardCodes());
        }
        messages.save(tenantId, changed.values());
        log.debug("Recorded {} new or changed text messages", changed.size());
    }

    private void countChannels(List<NormalizedEvent> stored, BatchChanges changes) {
        for (NormalizedEvent event : stored) {
            channels.classify(event)
                    .ifPresent(hit -> changes.addChannel(
                            event.account(), hit.channel(), event.time(), event.eventId(), tally(hit.role(), event)));
        }
    }

    private static Tally tally(Channels.Role role, NormalizedEvent event) {
        long failed = event.outcome() == Outcome.FAILURE ? 1 : 0;
        return switch (role) {
            case SEND -> new Tally(1, 1, failed, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0);
            case BOUNCE -> new Tally(0, 0, 0, 0, 0, 1, 0, BigDecimal.ZERO, 0, 0);
            case COMPLAINT -> new Tally(0, 0, 0, 0, 0, 0, 1, BigDecimal.ZERO, 0, 0);
        };
    }

    /**
     * Judges the SMS hours first, then the channel hours: a Twilio channel's burst in an hour that is already a
     * pumping finding is that finding, not a second alert.
     */
    private List<Finding> detect(long tenantId, BatchChanges changes) {
        Set<String> disabled = ruleSettings.disabledRules(tenantId);
        BatchView view = view(tenantId, changes);
        List<Finding> findings = new ArrayList<>();
        Set<String> pumped = new HashSet<>();
        changes.touched().forEach((touched, evidence) -> {
            if (touched.channel() == null && !disabled.contains(DetectorRules.SMS_PUMPING.id())) {
                pumping.evaluate(at(tenantId, touched, evidence), view).ifPresent(finding -> {
                    findings.add(finding);
                    pumped.add(touched.account() + '|' + touched.hour());
                });
            }
        });
        changes.touched().forEach((touched, evidence) -> {
            boolean coveredByPumping = pumped.contains(touched.account() + '|' + touched.hour())
                    && touched.channel() != null
                    && touched.channel().startsWith("twilio:");
            if (touched.channel() != null && !coveredByPumping && !disabled.contains(DetectorRules.VOLUME_BURST.id())) {
                volume.evaluate(at(tenantId, touched, evidence), view).ifPresent(findings::add);
            }
        });
        findings.sort(Comparator.comparing(Finding::time));
        return findings;
    }

    private static AccountHour at(long tenantId, BatchChanges.Touched touched, BatchChanges.Evidence evidence) {
        return new AccountHour(
                tenantId,
                touched.account(),
                touched.channel(),
                touched.hour(),
                List.copyOf(evidence.eventIds),
                evidence.latest,
                evidence.priceUnit,
                !evidence.added);
    }

    private BatchView view(long tenantId, BatchChanges changes) {
        Instant earliest = changes.touched().keySet().stream()
                .map(BatchChanges.Touched::hour)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        Instant latest = changes.touched().keySet().stream()
                .map(BatchChanges.Touched::hour)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        return new BatchView(store, tenantId, earliest.minus(properties.history()), latest.plus(Hours.ONE));
    }

    /** Drops what is older than the retention behind the newest hour of each account, about once a day of data. */
    private void prune(long tenantId, BatchChanges changes) {
        Map<String, Instant> newest = new HashMap<>();
        changes.touched()
                .keySet()
                .forEach(touched -> newest.merge(touched.account(), touched.hour(), (a, b) -> a.isAfter(b) ? a : b));
        newest.forEach((account, hour) -> {
            Instant before = hour.minus(properties.retention());
            String key = tenantId + "/" + account;
            Instant done = prunedUpTo.get(key);
            if (done == null || before.isAfter(done.plus(java.time.Duration.ofDays(1)))) {
                store.prune(tenantId, account, before);
                messages.prune(tenantId, account, before);
                prunedUpTo.put(key, before);
            }
        });
    }
}
