package io.hijackwatch.baseline;

import io.hijackwatch.detect.Finding;
import io.hijackwatch.detect.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Finds hours in which an account sent far more on a channel than it does at that hour of the week, once the channel
 * has been seen for the minimum history. The bounce (or failure) and complaint rates of the hour, against their usual
 * level, are the second signal and raise the severity.
 */
@Component
class VolumeBurstDetector {

    private final BaselineProperties properties;
    private final BaselineProperties.Volume settings;

    VolumeBurstDetector(BaselineProperties properties) {
        this.properties = properties;
        this.settings = properties.volume();
    }

    Optional<Finding> evaluate(AccountHour at, BatchView view) {
        Tally seen = view.hour(at.account(), Series.CHANNEL, at.hour()).get(at.channel());
        Optional<Instant> first = view.firstHour(at.account(), Series.CHANNEL, at.channel());
        if (seen == null
                || first.isEmpty()
                || first.get().plus(settings.minHistory()).isAfter(at.hour())) {
            return Optional.empty();
        }
        Instant windowStart = at.hour().minus(properties.history());
        Instant since = first.get().isAfter(windowStart) ? first.get() : windowStart;
        Map<Instant, Tally> history = view.history(at.account(), Series.CHANNEL, at.channel(), since, at.hour());
        Profile profile = Profile.of(history, since, at.hour(), Tally::messages);
        double bar = profile.threshold(settings.ratio(), settings.deviations(), settings.floor());
        if (seen.messages() < bar) {
            return Optional.empty();
        }
        String bounces = rise(seen, history, tally -> tally.bounces() + tally.failures(), settings.bounceFloor());
        String complaints = rise(seen, history, Tally::complaints, settings.complaintFloor());
        return Optional.of(finding(at, seen, profile, bar, bounces, complaints));
    }

    /** A sentence when the hour's rate is over its floor and {@code rateRatio} times its usual level, else null. */
    private String rise(Tally seen, Map<Instant, Tally> history, ToLongFunction<Tally> part, double floor) {
        double rate = (double) part.applyAsLong(seen) / seen.messages();
        long before = history.values().stream().mapToLong(Tally::messages).sum();
        double usual = before == 0
                ? 0
                : (double) history.values().stream().mapToLong(part).sum() / before;
        if (rate < floor || rate < settings.rateRatio() * usual) {
            return null;
        }
        return SmsPumpingDetector.percent(rate) + " (normally " + SmsPumpingDetector.percent(usual) + ")";
    }

    private Finding finding(
            AccountHour at, Tally seen, Profile profile, double bar, String bounces, String complaints) {
        Map<String, Object> evidence = new TreeMap<>();
        evidence.put("channel", at.channel());
        evidence.put("hour", at.hour().toString());
        evidence.put("messages", seen.messages());
        evidence.put("normalMessages", SmsPumpingDetector.round(profile.expected()));
        evidence.put("threshold", SmsPumpingDetector.round(Math.ceil(bar)));
        evidence.put("baseline", profile.describe());
        if (bounces != null) {
            evidence.put("bounceRate", bounces);
        }
        if (complaints != null) {
            evidence.put("complaintRate", complaints);
        }
        if (seen.cost().signum() > 0) {
            evidence.put("costSeen", SmsPumpingDetector.money(seen.cost()));
        }
        return new Finding(
                DetectorRules.VOLUME_BURST,
                severity(bounces != null || complaints != null),
                at.channel().substring(0, at.channel().indexOf(':')),
                at.account(),
                null,
                null,
                at.time(),
                at.account() + "|" + at.channel(),
                summary(at, seen, profile, bar, bounces, complaints),
                at.eventIds(),
                Map.copyOf(evidence),
                at.restatement());
    }

    /**
     * Volume alone is low: planned campaigns look the same. A rise of the bounce, failure or complaint rate in the
     * same hour is what spam from a stolen key adds, and makes it high.
     */
    private static Severity severity(boolean rateRise) {
        return rateRise ? Severity.HIGH : Severity.LOW;
    }

    private static String summary(
            AccountHour at, Tally seen, Profile profile, double bar, String bounces, String complaints) {
        StringBuilder text = new StringBuilder()
                .append(seen.messages())
                .append(" messages on ")
                .append(at.channel())
                .append(" from ")
                .append(at.account())
                .append(" in the hour from ")
                .append(at.hour())
                .append(", where ")
                .append(SmsPumpingDetector.round(profile.expected()))
                .append(" is normal (")
                .append(profile.describe())
                .append("; alerting from ")
                .append(SmsPumpingDetector.round(Math.ceil(bar)))
                .append(")");
        if (bounces != null) {
            text.append("; bounce or failure rate ").append(bounces);
        }
        if (complaints != null) {
            text.append("; complaint rate ").append(complaints);
        }
        if (seen.cost().signum() > 0) {
            text.append("; costing ")
                    .append(SmsPumpingDetector.money(seen.cost()))
                    .append(at.priceUnit() == null ? "" : " " + at.priceUnit());
        }
        return text.append('.').toString();
    }
}
