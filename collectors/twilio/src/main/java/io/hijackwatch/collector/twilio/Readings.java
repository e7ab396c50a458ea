package io.hijackwatch.collector.twilio;

import io.hijackwatch.collector.NormalizedEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.TreeMap;

/**
 * Fingerprints of what a poll read: 72 bits of SHA-256 over a message's SID and every field its event carries (or
 * over a rejected record's SID and reason), as 12 characters. A message read again unchanged has the same
 * fingerprint; once its status, price, segments or update time move on, it has another.
 */
final class Readings {

    private static final int DIGEST_BYTES = 9;

    private Readings() {}

    static String of(NormalizedEvent event) {
        return digest(event.eventId()
                + '\n'
                + event.outcome()
                + '\n'
                + event.errorCode()
                + '\n'
                + event.principal()
                + '\n'
                + event.resource()
                + '\n'
                + new TreeMap<>(event.attributes()));
    }

    static String ofRejected(String sid, String reason) {
        return digest("rejected\n" + sid + '\n' + reason);
    }

    private static String digest(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, DIGEST_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
