package io.hijackwatch.collector.azure.pull;

import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One source's settings, checked: which subscription to read, how to sign in, and how far back to look.
 *
 * @param subscriptionId the subscription whose Activity Log is read, lower-cased
 * @param tenantId the Entra tenant that signs the collector in, when the credential needs one
 * @param clientId the app registration or user-assigned identity, when the credential needs one
 * @param clientSecretReference where the client secret is kept ({@code env:NAME} or {@code file:/path})
 * @param credential how the collector signs in
 * @param overlap how far before the last read window's end each poll starts again, for events Azure delivers late
 * @param initialLookback how far back the first poll of a new source reads
 */
record AzureSourceSettings(
        String subscriptionId,
        Optional<String> tenantId,
        Optional<String> clientId,
        Optional<String> clientSecretReference,
        CredentialKind credential,
        Duration overlap,
        Duration initialLookback) {

    static final String SUBSCRIPTION_ID = "subscriptionId";
    static final String TENANT_ID = "tenantId";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String CREDENTIAL = "credential";
    static final String OVERLAP = "overlap";
    static final String INITIAL_LOOKBACK = "initialLookback";

    static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(20);
    static final Duration DEFAULT_INITIAL_LOOKBACK = Duration.ofHours(1);

    /** The Activity Log keeps 90 days; neither duration may reach past that. */
    private static final Duration LONGEST = Duration.ofDays(89);

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

    static List<SourceSetting> declared() {
        return List.of(
                SourceSetting.required(
                        SUBSCRIPTION_ID, "The id (a GUID) of the subscription whose Activity Log is read."),
                SourceSetting.optional(
                        TENANT_ID,
                        "The Microsoft Entra tenant (directory) id that signs the collector in; required for"
                                + " client-secret and workload-identity."),
                SourceSetting.optional(
                        CLIENT_ID,
                        "The application (client) id of the app registration, or of a user-assigned managed"
                                + " identity; required for client-secret and workload-identity."),
                SourceSetting.secret(
                        CLIENT_SECRET,
                        "Where the app registration's client secret is kept (env:NAME or file:/path); only for"
                                + " client-secret."),
                SourceSetting.optional(
                        CREDENTIAL,
                        "How to sign in: " + CredentialKind.allowedValues() + "; client-secret by default."),
                SourceSetting.optional(
                        OVERLAP,
                        "How far each poll reads again before where the last one ended, as an ISO-8601 duration, for"
                                + " events Azure delivers late; PT20M by default."),
                SourceSetting.optional(
                        INITIAL_LOOKBACK,
                        "How far back the first poll reads, as an ISO-8601 duration; PT1H by default."));
    }

    /** @throws InvalidSourceSettingsException naming the setting that cannot work and why */
    static AzureSourceSettings from(SourceConfig config) {
        String subscriptionId = guid(SUBSCRIPTION_ID, config.requiredSetting(SUBSCRIPTION_ID));
        CredentialKind credential =
                config.setting(CREDENTIAL).map(CredentialKind::fromSetting).orElse(CredentialKind.CLIENT_SECRET);
        Optional<String> tenantId = config.setting(TENANT_ID).map(AzureSourceSettings::tenant);
        Optional<String> clientId = config.setting(CLIENT_ID).map(value -> guid(CLIENT_ID, value));
        Optional<String> secret = config.setting(CLIENT_SECRET);
        AzureSourceSettings settings = new AzureSourceSettings(
                subscriptionId,
                tenantId,
                clientId,
                secret,
                credential,
                duration(config, OVERLAP, DEFAULT_OVERLAP),
                duration(config, INITIAL_LOOKBACK, DEFAULT_INITIAL_LOOKBACK));
        settings.checkCredentialSettings();
        return settings;
    }

    private void checkCredentialSettings() {
        String named = "credential " + credential.settingValue();
        if (credential == CredentialKind.CLIENT_SECRET) {
            require(tenantId, TENANT_ID, named);
            require(clientId, CLIENT_ID, named);
            require(clientSecretReference, CLIENT_SECRET, named);
            return;
        }
        if (clientSecretReference.isPresent()) {
            throw new InvalidSourceSettingsException("The setting " + CLIENT_SECRET + " is only used with credential "
                    + CredentialKind.CLIENT_SECRET.settingValue() + ", not with " + named + ".");
        }
        if (credential == CredentialKind.WORKLOAD_IDENTITY) {
            require(tenantId, TENANT_ID, named);
            require(clientId, CLIENT_ID, named);
        }
    }

    private static void require(Optional<String> value, String name, String named) {
        if (value.isEmpty()) {
            throw new InvalidSourceSettingsException("The setting " + name + " is required with " + named + ".");
        }
    }

    private static String guid(String name, String value) {
        String trimmed = value.trim();
        if (!GUID.matcher(trimmed).matches()) {
            throw new InvalidSourceSettingsException("The setting " + name
                    + " must be a GUID such as 00000000-0000-0000-0000-000000000000, not '" + shorten(value) + "'.");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    /** A tenant is named by its GUID or by one of its domains (contoso.onmicrosoft.com). */
    private static String tenant(String value) {
        String trimmed = value.trim();
        if (!TENANT.matcher(trimmed).matches()) {
            throw new InvalidSourceSettingsException("The setting " + TENANT_ID
                    + " must be a tenant id (a GUID) or a domain, not '" + shorten(value) + "'.");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    private static Duration duration(SourceConfig config, String name, Duration fallback) {
        Optional<String> text = config.setting(name);
        if (text.isEmpty()) {
            return fallback;
        }
        Duration value;
        try {
            value = Duration.parse(text.get().trim());
        } catch (DateTimeParseException e) {
            throw new InvalidSourceSettingsException("The setting " + name
                    + " must be an ISO-8601 duration such as PT20M, not '" + shorten(text.get()) + "'.");
        }
        if (value.isNegative() || value.compareTo(LONGEST) > 0) {
            throw new InvalidSourceSettingsException(
                    "The setting " + name + " must lie between PT0S and P89D (the Activity Log keeps 90 days).");
        }
        return value;
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
