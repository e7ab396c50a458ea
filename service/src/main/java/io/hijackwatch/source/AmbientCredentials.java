package io.hijackwatch.source;

import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps tenants from borrowing the service's own cloud identity. Some settings make a collector sign in with what
 * the service itself was given (an AWS instance role or environment keys, an Azure managed or workload identity,
 * GCP's application default credentials); in a deployment shared by several tenants, any tenant could then read
 * whatever that identity may read. Unless the operator sets {@code hijackwatch.sources.ambient-credentials=true},
 * such settings are refused when a source is registered or changed and when its collector is opened.
 *
 * <p>An AWS role assumed with an external id is allowed: the service's own credentials only sign the
 * {@code AssumeRole} call, and the role's trust policy, written by the account's owner, decides who may assume it.
 * Kinds without a rule here (those that read no cloud) are not checked.
 */
final class AmbientCredentials {

    private static final String SETTING = "hijackwatch.sources.ambient-credentials";

    private static final Map<String, Function<Map<String, String>, Optional<String>>> RULES = Map.of(
            "aws-sqs", AmbientCredentials::aws,
            "aws-lookup-events", AmbientCredentials::aws,
            "azure-activity-log", AmbientCredentials::azure,
            "gcp-audit-log", AmbientCredentials::gcp);

    private final boolean allowed;

    AmbientCredentials(boolean allowed) {
        this.allowed = allowed;
    }

    /**
     * Refuses settings that would sign in as the service's own identity, unless the operator allows that.
     *
     * @throws InvalidSourceSettingsException naming the settings that give the source credentials of its own
     */
    void check(String kind, Map<String, String> settings) {
        if (allowed) {
            return;
        }
        Function<Map<String, String>, Optional<String>> rule = RULES.get(kind);
        if (rule == null) {
            return;
        }
        rule.apply(settings).ifPresent(advice -> {
            throw new InvalidSourceSettingsException("These settings would sign in as this service's own identity,"
                    + " which the operator does not allow (" + SETTING + " is false). " + advice);
        });
    }

    private static Optional<String> aws(Map<String, String> settings) {
        boolean keys = present(settings, "accessKeyId") && present(settings, "secretAccessKey");
        if (keys) {
            return Optional.empty();
        }
        if (present(settings, "roleArn")) {
            return present(settings, "externalId")
                    ? Optional.empty()
                    : Optional.of("A role is assumed with the service's credentials only together with an"
                            + " externalId that the role's trust policy requires; set externalId.");
        }
        return Optional.of("Set roleArn and externalId (a role in your account that trusts this service), or"
                + " accessKeyId and secretAccessKey as env: or file: references.");
    }

    private static Optional<String> azure(Map<String, String> settings) {
        String credential = settings.getOrDefault("credential", "client-secret");
        if (credential.isBlank() || credential.equals("client-secret")) {
            return Optional.empty();
        }
        return Optional.of("Use credential client-secret with tenantId, clientId and clientSecret (an env: or file:"
                + " reference); workload-identity, managed-identity and default are the service's own.");
    }

    private static Optional<String> gcp(Map<String, String> settings) {
        return present(settings, "credentialsFile")
                ? Optional.empty()
                : Optional.of("Set credentialsFile to an env: or file: reference to a service account key.");
    }

    private static boolean present(Map<String, String> settings, String name) {
        String value = settings.get(name);
        return value != null && !value.isBlank();
    }
}
