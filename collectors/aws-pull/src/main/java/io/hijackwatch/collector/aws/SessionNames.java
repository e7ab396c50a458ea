package io.hijackwatch.collector.aws;

/** STS session names for the collector's calls, which CloudTrail then shows as the caller's session. */
final class SessionNames {

    private static final int MAX_LENGTH = 64;

    private SessionNames() {}

    /** {@code hijackwatch-<source id>}, with what STS does not allow in a session name replaced by {@code -}. */
    static String of(String sourceId) {
        String name = ("hijackwatch-" + sourceId).replaceAll("[^\\w+=,.@-]", "-");
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }
}
