package io.hijackwatch.baseline;

/**
 * One reason an hour of an account's messages looks like pumping, with its weight in the score and its explanation.
 */
record Signal(Kind kind, String text) {

    /** The kinds of signal; a destination signal says something about where the messages go. */
    enum Kind {
        PREMIUM_RATE(60, true),
        FRAUD_GUARD(60, true),
        NEW_COUNTRY(30, true),
        RARE_COUNTRY(20, true),
        SEQUENTIAL_NUMBERS(30, true),
        PREFIX_VOLUME(25, true),
        PREFIX_NUMBERS(25, true),
        PREFIX_FAILURES(25, true),
        COUNTRY_VOLUME(20, false),
        COST(20, false);

        final int score;
        final boolean destination;

        Kind(int score, boolean destination) {
            this.score = score;
            this.destination = destination;
        }
    }
}
