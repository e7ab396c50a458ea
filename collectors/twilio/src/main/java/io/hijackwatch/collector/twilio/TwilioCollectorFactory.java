package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceConfig;
import io.hijackwatch.collector.pull.SourceSetting;
import java.util.List;

/** The {@code twilio} source: one account's messages and daily SMS usage, read through the Twilio REST API. */
public final class TwilioCollectorFactory implements SourceCollectorFactory {

    public static final String KIND = "twilio";

    private static final List<SourceSetting> SETTINGS = List.of(
            SourceSetting.required(
                    TwilioSettings.ACCOUNT_SID, "The Twilio account SID (AC followed by 32 hex digits)."),
            SourceSetting.optional(
                    TwilioSettings.API_KEY_SID, "A restricted API key's SID (SK...) to sign in with; preferred."),
            SourceSetting.secret(
                    TwilioSettings.API_KEY_SECRET, "The API key's secret (env:NAME or file:/path), with apiKeySid."),
            SourceSetting.secret(
                    TwilioSettings.AUTH_TOKEN,
                    "The account's auth token (env:NAME or file:/path), when no API key is set."),
            SourceSetting.optional(
                    TwilioSettings.OVERLAP,
                    "How far before the end of the last poll each poll reads again, for prices and statuses that"
                            + " arrive late (ISO-8601, default PT2H, at most P3D)."),
            SourceSetting.optional(
                    TwilioSettings.INITIAL_LOOKBACK,
                    "How far back a new source's first poll reads (ISO-8601, default P1D, at most P30D)."),
            SourceSetting.optional(
                    TwilioSettings.USAGE_RECORDS, "Whether the daily SMS usage records are read too (default true)."));

    private final RetryTuning retries;

    public TwilioCollectorFactory() {
        this(RetryTuning.DEFAULT);
    }

    TwilioCollectorFactory(RetryTuning retries) {
        this.retries = retries;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Provider provider() {
        return Provider.TWILIO;
    }

    @Override
    public List<SourceSetting> settings() {
        return SETTINGS;
    }

    @Override
    public SourceCollector open(SourceConfig config) {
        return new TwilioCollector(config, TwilioSettings.from(config), retries);
    }
}
