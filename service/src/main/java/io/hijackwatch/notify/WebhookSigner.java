package io.hijackwatch.notify;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Signs webhook payloads per the Standard Webhooks specification: {@code webhook-id} (the same on every retry of a
 * notification, so receivers can drop repeats), {@code webhook-timestamp} (seconds, at the attempt) and
 * {@code webhook-signature}, one {@code v1,} HMAC-SHA256 value per valid secret, separated by spaces.
 */
final class WebhookSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {}

    /** A new secret: {@code whsec_} and 32 random bytes in base64. */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    static Map<String, String> headers(String messageId, Instant now, byte[] payload, List<String> secrets) {
        long timestamp = now.getEpochSecond();
        String body = new String(payload, StandardCharsets.UTF_8);
        String signatures = secrets.stream()
                .map(secret -> sign(secret, messageId, timestamp, body))
                .collect(Collectors.joining(" "));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signatures);
        return headers;
    }

    private static String sign(String secret, String messageId, long timestamp, String body) {
        try {
            return new Webhook(secret).sign(messageId, timestamp, body);
        } catch (WebhookSigningException | EmptyWebhookSecretException e) {
            throw new IllegalStateException("A webhook secret could not sign", e);
        }
    }
}
