package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings of an {@code aws-lookup-events} source.
 *
 * @param access the region and credentials
 * @param accountId the account, when the tenant named it: shown in messages and used to share one request budget
 *     among the sources of one account and region
 * @param overlap how far before the last window's end each poll starts again, for events CloudTrail delivers late
 * @param initialLookBack how far back the first poll of a new source reads
 */
record LookupEventsSettings(AwsAccess access, Optional<String> accountId, Duration overlap, Duration initialLookBack) {

    static final String ACCOUNT_ID = "accountId";
    static final String OVERLAP = "overlap";
    static final String INITIAL_LOOK_BACK = "initialLookBack";

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(15);
    private static final Duration DEFAULT_LOOK_BACK = Duration.ofHours(1);
    private static final Duration MAX_LOOK_BACK = Duration.ofDays(90);

    static List<SourceSetting> settings() {
        List<SourceSetting> settings = new ArrayList<>(AwsAccess.settings());
        settings.add(SourceSetting.optional(ACCOUNT_ID, "The 12-digit AWS account id, for display."));
        settings.add(SourceSetting.optional(
                OVERLAP,
                "How far back each poll reads again for late events, as an ISO-8601 duration (default" + " PT15M)."));
        settings.add(SourceSetting.optional(
                INITIAL_LOOK_BACK,
                "How far back the first poll reads, as an ISO-8601 duration (default PT1H, at"
                        + " most 90 days, what CloudTrail keeps)."));
        return List.copyOf(settings);
    }

    static LookupEventsSettings from(SourceConfig config) {
        AwsAccess access = AwsAccess.from(config);
        Optional<String> accountId = config.setting(ACCOUNT_ID);
        accountId.filter(id -> !ACCOUNT.matcher(id).matches()).ifPresent(id -> {
            throw new InvalidSourceSettingsException("The setting accountId is a 12-digit AWS account id: " + id);
        });
        Duration overlap = duration(config, OVERLAP, DEFAULT_OVERLAP);
        Duration lookBack = duration(config, INITIAL_LOOK_BACK, DEFAULT_LOOK_BACK);
        if (lookBack.compareTo(MAX_LOOK_BACK) > 0) {
            throw new InvalidSourceSettingsException("The setting initialLookBack may be at most P90D.");
        }
        return new LookupEventsSettings(access, accountId, overlap, lookBack);
    }

    private static Duration duration(SourceConfig config, String name, Duration defaultValue) {
        String text = config.setting(name).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        try {
            Duration value = Duration.parse(text.trim());
            if (!value.isNegative()) {
                return value;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new InvalidSourceSettingsException(
                "The setting " + name + " is an ISO-8601 duration such as PT15M, not negative: " + text);
    }

    /** What the account is called in messages. */
    String accountName() {
        return accountId.orElse("the account") + " in " + access.region();
    }

    /** The key sources share a request budget by: one account and region, as far as the settings tell. */
    String budgetKey() {
        String who =
                accountId.or(access::roleArn).or(access::accessKeyIdReference).orElse("default");
        return who + "|" + access.region();
    }
}
