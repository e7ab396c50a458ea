package io.hijackwatch.notify;

import java.util.Locale;

/** Where a channel sends. */
enum ChannelType {
    /** A Slack incoming webhook: a Block Kit message with a text fallback. */
    SLACK,
    /** Any HTTPS endpoint: a JSON payload signed per the Standard Webhooks specification. */
    WEBHOOK;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ChannelType fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
