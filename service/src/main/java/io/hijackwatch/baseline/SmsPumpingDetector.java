package io.hijackwatch.baseline;

import io.hijackwatch.collector.Provider;
import io.hijackwatch.detect.Finding;
import io.hijackwatch.detect.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Scores an hour of an account's outbound text messages for SMS pumping and explains the score: what was normal,
 * what was seen, and what it costs. Signals that compare with the account's history wait until the account has been
 * seen for the minimum history; premium-rate numbers, fraud-guard blocks, sequential numbers and failures in a prefix
 * need no history.
 */
@Component
class SmsPumpingDetector {

    private static final int SCORE_CRITICAL = 150;
    private static final int SCORE_HIGH = 90;

    private final SmsMessages messages;
    private final AllowedCountries allowed;
    private final BaselineProperties properties;
    private final BaselineProperties.Sms settings;

    SmsPumpingDetector(SmsMessages messages, AllowedCountries allowed, BaselineProperties properties) {
        this.messages = messages;
        this.allowed = allowed;
        this.properties = properties;
        this.settings = properties.sms();
    }

    Optional<Finding> evaluate(AccountHour at, BatchView view) {
        Tally total = view.hour(at.account(), Series.ACCOUNT, at.hour()).get(Series.ALL);
        if (total == null || total.messages() <= 0) {
            return Optional.empty();
        }
        Hour hour = hour(at, total, view);
        Map<Signal.Kind, Signal> signals = new EnumMap<>(Signal.Kind.class);
        premiumAndFraudGuard(hour, signals);
        countries(hour, signals);
        prefixes(hour, signals);
        cost(hour, signals);
        int score = signals.keySet().stream().mapToInt(kind -> kind.score).sum();
        boolean destination = signals.keySet().stream().anyMatch(kind -> kind.destination);
        if (score < settings.scoreThreshold() || !destination) {
            return Optional.empty();
        }
        return Optional.of(finding(hour, signals, score));
    }

    /** What the detector reads about one hour of an account. */
    private final class Hour {
        final AccountHour at;
        final BatchView view;
        final Tally total;
        final boolean learned;
        final Instant since;
        final Map<Instant, Tally> accountHistory;
        final Map<String, Tally> countries;
        final Map<String, Tally> prefixes;
        final Profile volume;
        BigDecimal costSeen = BigDecimal.ZERO;
        BigDecimal costEstimated = BigDecimal.ZERO;
        long estimatedSegments;
        final Set<String> estimatedFrom = new TreeSet<>();
        long unpriced;
        String unit;

        Hour(AccountHour at, BatchView view, Tally total, Instant first) {
            this.at = at;
            this.view = view;
            this.total = total;
            this.learned = !first.plus(properties.minHistory()).isAfter(at.hour());
            Instant windowStart = at.hour().minus(properties.history());
            this.since = first.isAfter(windowStart) ? first : windowStart;
            this.accountHistory = history(Series.ACCOUNT, Series.ALL);
            this.countries = view.hour(at.account(), Series.COUNTRY, at.hour());
            this.prefixes = view.hour(at.account(), Series.PREFIX, at.hour());
            this.volume = Profile.of(accountHistory, since, at.hour(), Tally::messages);
        }

        Map<Instant, Tally> history(Series series, String key) {
            return view.history(at.account(), series, key, since, at.hour());
        }

        Profile profile(Map<Instant, Tally> history, java.util.function.ToDoubleFunction<Tally> value) {
            return Profile.of(history, since, at.hour(), value);
        }
    }

    private Hour hour(AccountHour at, Tally total, BatchView view) {
        Instant first = view.firstHour(at.account(), Series.ACCOUNT, Series.ALL).orElse(at.hour());
        return new Hour(at, view, total, first);
    }

    private void premiumAndFraudGuard(Hour hour, Map<Signal.Kind, Signal> signals) {
        if (hour.total.premium() > 0) {
            signals.put(
                    Signal.Kind.PREMIUM_RATE,
                    new Signal(
                            Signal.Kind.PREMIUM_RATE,
                            hour.total.premium() + " to premium-rate or shared-cost numbers ("
                                    + keysWith(hour.prefixes, Tally::premium) + ")"));
        }
        if (hour.total.blocked() >= settings.fraudGuardMinimum()) {
            signals.put(
                    Signal.Kind.FRAUD_GUARD,
                    new Signal(
                            Signal.Kind.FRAUD_GUARD,
                            hour.total.blocked() + " blocked by the provider's fraud guard ("
                                    + keysWith(hour.prefixes, Tally::blocked) + ")"));
        }
    }

    private void countries(Hour hour, Map<Signal.Kind, Signal> signals) {
        Set<String> allowedHere = allowed.effective(hour.at.tenantId(), hour.at.account());
        double accountTotal = sum(hour.accountHistory);
        for (Map.Entry<String, Tally> country : byMessages(hour.countries)) {
            Tally seen = country.getValue();
            Map<Instant, Tally> history = hour.history(Series.COUNTRY, country.getKey());
            estimateCost(hour, country.getKey(), seen, history);
            if (!hour.learned) {
                continue;
            }
            double before = sum(history);
            if (seen.messages() >= settings.newCountryMinimum() && !allowedHere.contains(country.getKey())) {
                newOrRare(country.getKey(), seen, before, accountTotal, signals);
            }
            Profile profile = hour.profile(history, Tally::messages);
            double bar = profile.threshold(settings.ratio(), settings.deviations(), settings.countryFloor());
            if (seen.messages() >= bar) {
                strongest(
                        signals,
                        Signal.Kind.COUNTRY_VOLUME,
                        seen.messages() + " to " + country.getKey() + " where " + round(profile.expected())
                                + " is normal (" + profile.describe() + ")");
            }
        }
    }

    private void newOrRare(
            String country, Tally seen, double before, double accountTotal, Map<Signal.Kind, Signal> signals) {
        if (before == 0) {
            strongest(
                    signals,
                    Signal.Kind.NEW_COUNTRY,
                    seen.messages() + " to " + country + ", a country the account has not sent to before");
        } else if (accountTotal > 0 && before / accountTotal < settings.rareCountryShare()) {
            strongest(
                    signals,
                    Signal.Kind.RARE_COUNTRY,
                    seen.messages() + " to " + country + ", which had " + (long) before + " of the account's "
                            + (long) accountTotal + " messages before");
        }
    }

    private void prefixes(Hour hour, Map<Signal.Kind, Signal> signals) {
        for (Map.Entry<String, Tally> prefix : byMessages(hour.prefixes)) {
            Tally seen = prefix.getValue();
            if (seen.messages() < Math.min(settings.prefixFloor(), settings.failureMinimum())
                    && seen.numbers() < settings.sequentialRun()) {
                continue;
            }
            Map<Instant, Tally> history = hour.learned ? hour.history(Series.PREFIX, prefix.getKey()) : Map.of();
            prefixVolume(hour, prefix.getKey(), seen, history, signals);
            prefixNumbers(hour, prefix.getKey(), seen, history, signals);
            sequential(hour, prefix.getKey(), seen, signals);
            prefixFailures(hour, prefix.getKey(), seen, history, signals);
        }
    }

    private void prefixVolume(
            Hour hour, String prefix, Tally seen, Map<Instant, Tally> history, Map<Signal.Kind, Signal> signals) {
        if (!hour.learned || seen.messages() < settings.prefixFloor()) {
            return;
        }
        Profile profile = hour.profile(history, Tally::messages);
        if (seen.messages() >= profile.threshold(settings.ratio(), settings.deviations(), settings.prefixFloor())) {
            strongest(
                    signals,
                    Signal.Kind.PREFIX_VOLUME,
                    seen.messages() + " to prefix " + prefix + " where " + round(profile.expected()) + " is normal");
        }
    }

    private void prefixNumbers(
            Hour hour, String prefix, Tally seen, Map<Instant, Tally> history, Map<Signal.Kind, Signal> signals) {
        double bar = settings.prefixNumbersFloor();
        if (hour.learned) {
            bar = hour.profile(history, Tally::numbers)
                    .threshold(settings.ratio(), settings.deviations(), settings.prefixNumbersFloor());
        }
        if (seen.numbers() >= bar) {
            strongest(
                    signals,
                    Signal.Kind.PREFIX_NUMBERS,
                    seen.numbers() + " distinct numbers in prefix " + prefix + " within the hour");
        }
    }

    private void sequential(Hour hour, String prefix, Tally seen, Map<Signal.Kind, Signal> signals) {
        if (seen.numbers() < settings.sequentialRun()) {
            return;
        }
        List<String> numbers = messages.destinations(
                hour.at.tenantId(),
                hour.at.account(),
                prefix,
                hour.at.hour(),
                hour.at.hour().plus(Hours.ONE));
        int run = SequentialNumbers.longestRun(numbers, settings.sequentialGap());
        if (run >= settings.sequentialRun()) {
            strongest(
                    signals,
                    Signal.Kind.SEQUENTIAL_NUMBERS,
                    "a run of " + run + " sequential numbers in prefix " + prefix);
        }
    }

    private void prefixFailures(
            Hour hour, String prefix, Tally seen, Map<Instant, Tally> history, Map<Signal.Kind, Signal> signals) {
        if (seen.messages() < settings.failureMinimum()) {
            return;
        }
        double share = (double) seen.failures() / seen.messages();
        double usual = rate(history, Tally::failures);
        if (share >= settings.failureShare() && share >= properties.volume().rateRatio() * usual) {
            strongest(
                    signals,
                    Signal.Kind.PREFIX_FAILURES,
                    percent(share) + " of " + seen.messages() + " to prefix " + prefix
                            + " failed or were undelivered (normally " + percent(usual) + ")");
        }
    }

    private void cost(Hour hour, Map<Signal.Kind, Signal> signals) {
        if (!hour.learned) {
            return;
        }
        Profile profile =
                hour.profile(hour.accountHistory, tally -> tally.cost().doubleValue());
        BigDecimal cost = hour.costSeen.add(hour.costEstimated);
        double bar = profile.threshold(
                settings.ratio(), settings.deviations(), settings.costFloor().doubleValue());
        if (cost.doubleValue() >= bar) {
            strongest(
                    signals,
                    Signal.Kind.COST,
                    "cost " + money(cost) + " in the hour where " + money(profile.expected()) + " is normal");
        }
    }

    /**
     * Adds a country's cost in the hour: prices seen, and unpriced segments at the best known price per segment to
     * that country (seen in the hour, then its history, then the bundled table), else the account's usual price.
     */
    private void estimateCost(Hour hour, String country, Tally seen, Map<Instant, Tally> countryHistory) {
        hour.costSeen = hour.costSeen.add(seen.cost());
        long unpriced = seen.unpricedSegments();
        if (unpriced == 0) {
            return;
        }
        Optional<PriceSource> price = Pricing.perSegment(seen, countryHistory)
                .map(known -> new PriceSource(known, "known prices to " + country))
                .or(() -> Pricing.listPrice(country).map(listed -> new PriceSource(listed, "the bundled price table")))
                .or(() -> Pricing.perSegment(null, hour.accountHistory)
                        .map(usual -> new PriceSource(usual, "the account's usual price per segment")));
        if (price.isPresent()) {
            hour.costEstimated =
                    hour.costEstimated.add(price.get().perSegment().multiply(BigDecimal.valueOf(unpriced)));
            hour.estimatedSegments += unpriced;
            hour.estimatedFrom.add(price.get().source());
        } else {
            hour.unpriced += unpriced;
        }
    }

    private record PriceSource(BigDecimal perSegment, String source) {}

    private Finding finding(Hour hour, Map<Signal.Kind, Signal> signals, int score) {
        hour.unit = priceUnit(hour);
        Map<String, Object> evidence = new TreeMap<>();
        evidence.put("score", score);
        evidence.put("signals", signals.values().stream().map(Signal::text).toList());
        evidence.put("hour", hour.at.hour().toString());
        evidence.put("messages", hour.total.messages());
        evidence.put("normalMessages", round(hour.volume.expected()));
        evidence.put("topCountries", top(hour.countries));
        evidence.put("topPrefixes", top(hour.prefixes));
        evidence.put("costSeen", money(hour.costSeen));
        evidence.put("costEstimated", money(hour.costEstimated));
        evidence.put("normalCost", money(normalCost(hour)));
        evidence.put("costAtRisk", money(hour.costSeen.add(hour.costEstimated)));
        if (hour.unit != null) {
            evidence.put("priceUnit", hour.unit);
        }
        return new Finding(
                DetectorRules.SMS_PUMPING,
                severity(score, signals),
                Provider.TWILIO.id(),
                hour.at.account(),
                null,
                null,
                hour.at.time(),
                hour.at.account(),
                summary(hour, signals, score),
                hour.at.eventIds(),
                Map.copyOf(evidence),
                hour.at.restatement());
    }

    private String summary(Hour hour, Map<Signal.Kind, Signal> signals, int score) {
        StringBuilder text = new StringBuilder();
        text.append("Possible SMS pumping on ")
                .append(hour.at.account())
                .append(" (score ")
                .append(score)
                .append(") in the hour from ")
                .append(hour.at.hour())
                .append(". Normal: ")
                .append(normal(hour))
                .append(". Seen: ")
                .append(hour.total.messages())
                .append(" messages; ")
                .append(String.join(
                        "; ", signals.values().stream().map(Signal::text).toList()))
                .append(". Cost: ")
                .append(costText(hour))
                .append('.');
        return text.toString();
    }

    private String normal(Hour hour) {
        if (!hour.learned) {
            return "not learned yet (the account is new)";
        }
        return round(hour.volume.expected()) + " messages an hour (" + hour.volume.describe() + "), costing "
                + money(normalCost(hour)) + unit(hour) + ", to " + String.join(", ", usualCountries(hour));
    }

    private List<String> usualCountries(Hour hour) {
        List<String> usual = new ArrayList<>(hour.view
                .totals(hour.at.account(), Series.COUNTRY, hour.since, hour.at.hour(), 3)
                .keySet());
        return usual.isEmpty() ? List.of("no country yet") : usual;
    }

    private BigDecimal normalCost(Hour hour) {
        if (!hour.learned) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(
                hour.profile(hour.accountHistory, tally -> tally.cost().doubleValue())
                        .expected());
    }

    private String costText(Hour hour) {
        String text = money(hour.costSeen.add(hour.costEstimated)) + unit(hour) + " in the hour ("
                + money(hour.costSeen) + " from prices seen, " + money(hour.costEstimated) + " estimated";
        if (hour.estimatedSegments > 0) {
            text += " for " + hour.estimatedSegments + " unpriced segments from "
                    + String.join(" and ", hour.estimatedFrom);
        }
        if (hour.unpriced > 0) {
            text += ", " + hour.unpriced + " segments to destinations without a known price not counted";
        }
        return text + ")";
    }

    private static String unit(Hour hour) {
        return hour.unit == null ? "" : " " + hour.unit;
    }

    /** The currency of the hour: of the prices in the batch, else of the account's latest price, else the table's. */
    private String priceUnit(Hour hour) {
        if (hour.at.priceUnit() != null) {
            return hour.at.priceUnit();
        }
        return messages.latestPriceUnit(hour.at.tenantId(), hour.at.account())
                .orElse(hour.estimatedFrom.contains("the bundled price table") ? Pricing.TABLE_UNIT : null);
    }

    private static Severity severity(int score, Map<Signal.Kind, Signal> signals) {
        if (score >= SCORE_CRITICAL) {
            return Severity.CRITICAL;
        }
        boolean blocked = signals.containsKey(Signal.Kind.PREMIUM_RATE) || signals.containsKey(Signal.Kind.FRAUD_GUARD);
        return score >= SCORE_HIGH || blocked ? Severity.HIGH : Severity.MEDIUM;
    }

    private static void strongest(Map<Signal.Kind, Signal> signals, Signal.Kind kind, String text) {
        signals.putIfAbsent(kind, new Signal(kind, text));
    }

    private static List<Map.Entry<String, Tally>> byMessages(Map<String, Tally> keys) {
        return keys.entrySet().stream()
                .filter(entry -> entry.getValue().messages() > 0)
                .sorted(Comparator.comparingLong((Map.Entry<String, Tally> entry) ->
                                entry.getValue().messages())
                        .reversed())
                .toList();
    }

    private static Map<String, Long> top(Map<String, Tally> keys) {
        Map<String, Long> top = new LinkedHashMap<>();
        byMessages(keys).stream()
                .limit(5)
                .forEach(entry -> top.put(entry.getKey(), entry.getValue().messages()));
        return top;
    }

    private static String keysWith(Map<String, Tally> prefixes, java.util.function.ToLongFunction<Tally> count) {
        return String.join(
                ", ",
                prefixes.entrySet().stream()
                        .filter(entry -> count.applyAsLong(entry.getValue()) > 0)
                        .sorted(Comparator.comparingLong(
                                        (Map.Entry<String, Tally> entry) -> count.applyAsLong(entry.getValue()))
                                .reversed())
                        .limit(3)
                        .map(entry -> "prefix " + entry.getKey() + ": " + count.applyAsLong(entry.getValue()))
                        .toList());
    }

    private static double sum(Map<Instant, Tally> history) {
        return history.values().stream().mapToLong(Tally::messages).sum();
    }

    private static double rate(Map<Instant, Tally> history, java.util.function.ToLongFunction<Tally> part) {
        double messages = sum(history);
        return messages == 0 ? 0 : history.values().stream().mapToLong(part).sum() / messages;
    }

    static String round(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
    }

    static String money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static String money(double value) {
        return money(BigDecimal.valueOf(value));
    }

    static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
