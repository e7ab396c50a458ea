package io.hijackwatch.baseline;

import io.hijackwatch.detect.CodeRules;
import io.hijackwatch.detect.Rule;
import io.hijackwatch.detect.Severity;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/** The rules the baseline detectors report under: listed by the rules API and switched per tenant like the others. */
@Component
class DetectorRules implements CodeRules {

    static final Rule SMS_PUMPING = Rule.inCode(
            "sms.pumping",
            "SMS pumping: text messages to unusual, premium-rate or blocked destinations",
            "Scores an account's outbound text messages hour by hour against its own history: premium-rate and"
                    + " shared-cost numbers, the provider's fraud-guard blocks, a destination country the account"
                    + " never or rarely sent to, volume per country and per prefix far above normal, many distinct or"
                    + " sequential numbers in one prefix, a high failure share in a prefix, and cost per hour far above"
                    + " normal. Fires when the score reaches the threshold and at least one signal is about where the"
                    + " messages go. The summary says what was normal, what was seen and what it costs.",
            "T1496.003",
            Severity.HIGH,
            "twilio",
            List.of(
                    "https://attack.mitre.org/techniques/T1496/003/",
                    "https://www.twilio.com/docs/verify/preventing-toll-fraud",
                    "https://www.twilio.com/docs/api/errors/30450"),
            List.of(
                    "Look at the prefixes and countries in the evidence: is there any customer there?"
                            + " Sequential numbers and premium-rate ranges are never users.",
                    "Find the flow that sends (one-time codes, sign-up, password reset) through the messaging service"
                            + " SID and the time; check its request logs for the source addresses and sessions.",
                    "Turn off the country in the provider's geo permissions, or block the prefix, while investigating;"
                            + " add a rate limit or a bot check to the flow.",
                    "If the country is a real market, add it to the allow list"
                            + " (PUT /api/v1/baselines/sms/allowed-countries) so that it is no longer new."),
            List.of(
                    "A launch in a new country: add the country to the allow list before the launch.",
                    "A campaign to a list of numbers bought in blocks can look sequential; campaigns to usual countries"
                            + " without premium numbers do not reach the score alone."),
            Duration.ofHours(24));

    static final Rule VOLUME_BURST = Rule.inCode(
            "messaging.volume_burst",
            "Message volume far above the account's usual for this hour",
            "Compares each hour's messages per account and channel (Twilio SMS, SNS, SES and any channel a parser"
                    + " feeds) with the median of the same hour of the week in earlier weeks, or of every earlier hour"
                    + " while fewer than two weeks are known, using robust statistics so that past bursts do not"
                    + " raise the bar. A rise of the bounce, failure or complaint rate in the same hour raises the"
                    + " severity.",
            "T1496.004",
            Severity.MEDIUM,
            "any",
            List.of(
                    "https://attack.mitre.org/techniques/T1496/004/",
                    "https://docs.aws.amazon.com/ses/latest/dg/monitor-using-event-publishing.html"),
            List.of(
                    "Check whether a campaign or a release was planned for this hour; marketing blasts show as low"
                            + " severity bursts without a bounce or complaint rise.",
                    "Find the credential or API key that sent, and the recipients and content of a sample of the"
                            + " messages; a stolen key sending spam shows many bounces and complaints.",
                    "Rotate the key and lower the sending quota or spend limit while investigating."),
            List.of("Planned campaigns and seasonal peaks that did not happen in the weeks the baseline knows."),
            Duration.ofHours(12));

    @Override
    public List<Rule> rules() {
        return List.of(SMS_PUMPING, VOLUME_BURST);
    }
}
