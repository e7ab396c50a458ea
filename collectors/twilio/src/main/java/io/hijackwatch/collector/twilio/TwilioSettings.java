package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code twilio} source's settings, checked.
 *
 * @param accountSid the account whose messages and usage are read
 * @param apiKeySid the API key to sign in with, when one is used
 * @param secretReference where the API key's secret, or else the account's auth token, is
 * @param overlap how far before the end of the last poll each poll reads again, for prices and statuses that fill in
 *     late
 * @param initialLookback how far back a new source's first poll reads
 * @param usageRecords whether the daily SMS usage records are read too
 */
record TwilioSettings(
        String accountSid,
        Optional<String> apiKeySid,
        String secretReference,
        Duration overlap,
        Duration initialLookback,
        boolean usageRecords) {

    static final String ACCOUNT_SID = "accountSid";
    static final String API_KEY_SID = "apiKeySid";
    static final String API_KEY_SECRET = "apiKeySecret";
    static final String AUTH_TOKEN = "authToken";
    static final String OVERLAP = "overlap";
    static final String INITIAL_LOOKBACK = "initialLookback";
    static final String USAGE_RECORDS = "usageRecords";

    static final Duration DEFAULT_OVERLAP = Duration.ofHours(2);
    static final Duration DEFAULT_INITIAL_LOOKBACK = Duration.ofDays(1);
    static final Duration MAX_OVERLAP = Duration.ofDays(3);
    static final Duration MAX_INITIAL_LOOKBACK = Duration.ofDays(30);

    private static final Pattern ACCOUNT_SID_SHAPE = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern API_KEY_SID_SHAPE = Pattern.compile("SK[0-9a-fA-F]{32}");

    /** The user name the REST API is signed in with: the API key, or the account itself with its auth token. */
    String username() {
        return apiKeySid.orElse(accountSid);
    }

    /** @throws InvalidSourceSettingsException naming the setting that cannot work and why */
    static TwilioSettings from(SourceConfig config) {
        String accountSid = sid(config.requiredSetting(ACCOUNT_SID), ACCOUNT_SID, ACCOUNT_SID_SHAPE, "AC");
        Optional<String> apiKeySid =
                config.setting(API_KEY_SID).map(value -> sid(value, API_KEY_SID, API_KEY_SID_SHAPE, "SK"));
        return new TwilioSettings(
                accountSid,
                apiKeySid,
                secretReference(config, apiKeySid.isPresent()),
                duration(config, OVERLAP, DEFAULT_OVERLAP, Duration.ZERO, MAX_OVERLAP),
                duration(config, INITIAL_LOOKBACK, DEFAULT_INITIAL_LOOKBACK, Duration.ofHours(1), MAX_INITIAL_LOOKBACK),
                flag(config, USAGE_RECORDS, true));
    }

    private static String sid(String value, String name, Pattern shape, String prefix) {
        String sid = value.strip();
        if (!shape.matcher(sid).matches()) {
            throw new InvalidSourceSettingsException(
                    "The setting " + name + " is \"" + prefix + "\" followed by 32 hexadecimal digits.");
        }
        return sid;
    }

    private static String secretReference(SourceConfig config, boolean apiKey) {
        Optional<String> keySecret = config.setting(API_KEY_SECRET).map(String::strip);
        Optional<String> authToken = config.setting(AUTH_TOKEN).map(String::strip);
        if (keySecret.isPresent() && authToken.isPresent()) {
            throw new InvalidSourceSettingsException(
                    "Set either " + API_KEY_SID + " with " + API_KEY_SECRET + ", or " + AUTH_TOKEN + ", not both.");
        }
        if (apiKey) {
            return keySecret.orElseThrow(() -> new InvalidSourceSettingsException(
                    "The setting " + API_KEY_SECRET + " is required with " + API_KEY_SID + "."));
        }
        if (keySecret.isPresent()) {
            throw new InvalidSourceSettingsException(
                    "The setting " + API_KEY_SECRET + " needs " + API_KEY_SID + ", the key it belongs to.");
        }
        return authToken.orElseThrow(() -> new InvalidSourceSettingsException("Set " + API_KEY_SID + " with "
                + API_KEY_SECRET + " (a restricted API key, preferred) or " + AUTH_TOKEN + "."));
    }

    private static Duration duration(SourceConfig config, String name, Duration fallback, Duration min, Duration max) {
        Optional<String> value = config.setting(name);
        if (value.isEmpty()) {
            return fallback;
        }
        Duration duration;
        try {
            duration = Duration.parse(value.get().strip());
        } catch (DateTimeParseException e) {
            throw new InvalidSourceSettingsException(
                    "The setting " + name + " is an ISO-8601 duration such as PT2H, not \"" + value.get() + "\".");
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new InvalidSourceSettingsException(
                    "The setting " + name + " must lie between " + min + " and " + max + ".");
        }
        return duration;
    }

    private static boolean flag(SourceConfig config, String name, boolean fallback) {
        Optional<String> value = config.setting(name).map(text -> text.strip().toLowerCase(Locale.ROOT));
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.get().equals("true") && !value.get().equals("false")) {
            throw new InvalidSourceSettingsException("The setting " + name + " is true or false.");
        }
        return Boolean.parseBoolean(value.get());
    }
}
