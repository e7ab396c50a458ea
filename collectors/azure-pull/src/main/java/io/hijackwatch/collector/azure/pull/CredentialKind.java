package io.hijackwatch.collector.azure.pull;

import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the collector signs in to Microsoft Entra ID, as the {@code credential} setting names it. */
enum CredentialKind {
    /** An app registration's client secret, held by the service as a secret reference. */
    CLIENT_SECRET("client-secret"),
    /** A federated token that the service's Kubernetes service account is issued (AKS workload identity). */
    WORKLOAD_IDENTITY("workload-identity"),
    /** The managed identity of the Azure host the service runs on. */
    MANAGED_IDENTITY("managed-identity"),
    /** The Azure SDK's chain: environment, workload identity, managed identity, developer tools. */
    DEFAULT("default");

    private final String settingValue;

    CredentialKind(String settingValue) {
        this.settingValue = settingValue;
    }

    String settingValue() {
        return settingValue;
    }

    /** Whether the credential is the service's own identity rather than one the tenant supplied. */
    boolean usesServiceIdentity() {
        return this != CLIENT_SECRET;
    }

    static CredentialKind fromSetting(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (CredentialKind kind : values()) {
            if (kind.settingValue.equals(wanted)) {
                return kind;
            }
        }
        throw new InvalidSourceSettingsException(
                "The setting credential must be one of " + allowedValues() + ", not '" + value + "'.");
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(CredentialKind::settingValue).collect(Collectors.joining(", "));
    }
}
