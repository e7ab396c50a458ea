package io.hijackwatch.baseline;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** What the baselines API shows for an account: the learned normal of its top keys and their recent hours. */
@Service
class BaselineProfiles {

    private static final int KEYS_PER_SERIES = 20;
    private static final int RECENT_HOURS = 24;

    private final BaselineStore store;
    private final AllowedCountries allowed;
    private final BaselineProperties properties;

    BaselineProfiles(BaselineStore store, AllowedCountries allowed, BaselineProperties properties) {
        this.store = store;
        this.allowed = allowed;
        this.properties = properties;
    }

    /** An account's baselines, as of the newest hour it has data for. */
    record AccountView(
            String account,
            String history,
            String minHistory,
            Instant watchedSince,
            Instant latestHour,
            boolean learned,
            List<String> allowedCountries,
            List<SeriesView> series) {}

    /**
     * One key of a series: its total over the history, what is normal for the latest hour (and how that was worked
     * out), the alert bar of the detector that reads it, and its recent hours.
     */
    record SeriesView(
            String series,
            String key,
            long messagesInHistory,
            double normal,
            double spread,
            String basis,
            BigDecimal pricePerSegment,
            List<HourView> recent) {}

    record HourView(
            Instant hour,
            long messages,
            long segments,
            long failures,
            long blocked,
            long premium,
            long bounces,
            long complaints,
            BigDecimal cost,
            long numbers) {}

    Optional<AccountView> profile(long tenantId, String account, Series only) {
        Optional<Instant> first = firstHour(tenantId, account);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Instant latest = latestHour(tenantId, account, first.get());
        Instant windowStart = latest.minus(properties.history());
        Instant since = first.get().isAfter(windowStart) ? first.get() : windowStart;
        List<SeriesView> series = new ArrayList<>();
        for (Series kind : Series.values()) {
            if (only == null || only == kind) {
                keys(tenantId, account, kind, since, latest)
                        .forEach((key, total) -> series.add(view(tenantId, account, kind, key, total, since, latest)));
            }
        }
        return Optional.of(new AccountView(
                account,
                properties.history().toString(),
                properties.minHistory().toString(),
                first.get(),
                latest,
                !first.get().plus(properties.minHistory()).isAfter(latest),
                List.copyOf(allowed.effective(tenantId, account)),
                series));
    }

    private Optional<Instant> firstHour(long tenantId, String account) {
        Optional<Instant> sms = store.firstHour(tenantId, account, Series.ACCOUNT, Series.ALL);
        return sms.isPresent() ? sms : store.firstHourOfAccount(tenantId, account);
    }

    private Instant latestHour(long tenantId, String account, Instant first) {
        return store.latestHourOfAccount(tenantId, account).orElse(first);
    }

    private Map<String, Long> keys(long tenantId, String account, Series kind, Instant since, Instant latest) {
        return store.totals(tenantId, account, kind, since, latest.plus(Hours.ONE), KEYS_PER_SERIES);
    }

    private SeriesView view(
            long tenantId, String account, Series kind, String key, long total, Instant since, Instant latest) {
        NavigableMap<Instant, Tally> hours =
                new java.util.TreeMap<>(store.history(tenantId, account, kind, key, since, latest.plus(Hours.ONE)));
        Profile profile = Profile.of(hours, since, latest, Tally::messages);
        List<HourView> recent =
                hours.tailMap(latest.minus(Hours.ONE.multipliedBy(RECENT_HOURS - 1)), true).entrySet().stream()
                        .map(entry -> hourView(entry.getKey(), entry.getValue()))
                        .toList();
        return new SeriesView(
                kind.id(),
                key,
                total,
                profile.expected(),
                profile.spread(),
                profile.describe(),
                Pricing.perSegment(null, hours.headMap(latest, false)).orElse(null),
                recent);
    }

    private static HourView hourView(Instant hour, Tally tally) {
        return new HourView(
                hour,
                tally.messages(),
                tally.segments(),
                tally.failures(),
                tally.blocked(),
                tally.premium(),
                tally.bounces(),
                tally.complaints(),
                tally.cost(),
                tally.numbers());
    }
}
