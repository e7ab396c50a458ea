package io.hijackwatch.notify;

import io.hijackwatch.alert.Alert;
import io.hijackwatch.detect.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A tenant's notification channel: where to send, and which alert changes it wants.
 *
 * @param techniques ATT&CK techniques to send; empty for all; {@code T1496} also covers its sub-techniques
 * @param providers providers to send; empty for all
 * @param accounts accounts to send; empty for all
 * @param escalateAtCount the count at which an open alert is announced again as escalated
 * @param secret the current signing secret of a webhook ({@code whsec_…}); {@code null} for Slack
 * @param previousSecret the secret before the last rotation, still used to sign until {@code previousSecretUntil}
 */
record Channel(
        long tenantId,
        long id,
        String name,
        ChannelType type,
        URI url,
        Severity minSeverity,
        List<String> techniques,
        List<String> providers,
        List<String> accounts,
        Set<NotificationEvent> events,
        long escalateAtCount,
        boolean enabled,
        String disabledReason,
        String secret,
        String previousSecret,
        Instant previousSecretUntil) {

    /** Whether the alert passes the channel's filters. */
    boolean routes(Alert alert) {
        return alert.severity().compareTo(minSeverity) >= 0
                && (techniques.isEmpty() || techniques.stream().anyMatch(t -> covers(t, alert.technique())))
                && (providers.isEmpty() || providers.contains(alert.provider()))
                && (accounts.isEmpty() || accounts.contains(alert.account()));
    }

    /** The secrets to sign with now: the current one, and the previous one while it is still valid. */
    List<String> signingSecrets(Instant now) {
        if (previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)) {
            return List.of(secret, previousSecret);
        }
        return List.of(secret);
    }

    private static boolean covers(String wanted, String technique) {
        return technique != null && (technique.equals(wanted) || technique.startsWith(wanted + "."));
    }
}
