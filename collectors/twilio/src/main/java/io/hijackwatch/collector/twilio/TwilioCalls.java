package io.hijackwatch.collector.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import io.hijackwatch.collector.pull.CollectorException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one REST call the way every call of the collector is made: throttling (HTTP 429, Twilio error 20429, which
 * Twilio says is always safe to retry) retried a few times with jittered exponential backoff, and every failure turned
 * into a {@link CollectorException} whose message names the account, the HTTP status and Twilio's error code, and
 * never a credential.
 */
final class TwilioCalls {

    private static final Logger log = LoggerFactory.getLogger(TwilioCalls.class);
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int TWILIO_TOO_MANY_REQUESTS = 20429;
    private static final int MAX_MESSAGE_CHARS = 200;

    private final TwilioRestClient client;
    private final String accountSid;
    private final RetryTuning tuning;

    TwilioCalls(TwilioRestClient client, String accountSid, RetryTuning tuning) {
        this.client = client;
        this.accountSid = accountSid;
        this.tuning = tuning;
    }

    /**
     * @param what the call, for messages ({@code list messages})
     */
    <T> T call(String what, Function<TwilioRestClient, T> call) throws CollectorException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.apply(client);
            } catch (ApiException e) {
                Integer status = status(e);
                if (!isThrottling(status, e.getCode())) {
                    throw failure(what, status, e);
                }
                if (attempt >= tuning.attempts()) {
                    throw CollectorException.throttled(
                            "Twilio kept throttling " + what + " of account " + accountSid + " after " + attempt
                                    + " attempts (HTTP 429, error 20429).",
                            retryAfter());
                }
                Duration wait = backoff(attempt);
                log.warn("Twilio throttled {} of account {}; trying again in {} ms", what, accountSid, wait.toMillis());
                sleep(wait);
            } catch (ApiConnectionException e) {
                throw CollectorException.transientFailure(
                        "Could not reach Twilio to " + what + " of account " + accountSid + ": " + clean(e), e);
            }
        }
    }

    /**
     * The HTTP status of the failed call. The SDK leaves it out of the exception when the answer's body is no Twilio
     * error (an empty 429 from a proxy on the way), so it is then taken from the SDK's last response.
     */
    private Integer status(ApiException e) {
        if (e.getStatusCode() != null) {
            return e.getStatusCode();
        }
        Response last = client.getHttpClient().getLastResponse();
        return last == null ? null : last.getStatusCode();
    }

    private static boolean isThrottling(Integer status, Integer code) {
        return (status != null && status == TOO_MANY_REQUESTS) || (code != null && code == TWILIO_TOO_MANY_REQUESTS);
    }

    private CollectorException failure(String what, Integer status, ApiException e) {
        String detail = " (HTTP " + status + (e.getCode() == null ? "" : ", Twilio error " + e.getCode()) + ")";
        if (status != null && (status == 401 || status == 403)) {
            return CollectorException.permanentFailure(
                    "Twilio refused the credentials to " + what + " of account " + accountSid + detail
                            + ": check the API key or auth token, and that the key may read Messages and Usage.",
                    null);
        }
        if (status != null && status == 404) {
            return CollectorException.permanentFailure(
                    "Twilio does not know account " + accountSid + " or cannot " + what + " of it" + detail + ".",
                    null);
        }
        return CollectorException.transientFailure(
                "Twilio could not " + what + " of account " + accountSid + detail + ": " + clean(e), null);
    }

    /** Twilio's message, bounded; the credentials are never part of what the SDK or Twilio writes there. */
    private static String clean(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private Duration backoff(int attempt) {
        long base = tuning.firstBackoff().toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    /** What Twilio's last answer asked for in {@code Retry-After} (seconds), or the tuning's wait. */
    private Duration retryAfter() {
        Response last = client.getHttpClient().getLastResponse();
        if (last != null && last.getHeaders() != null) {
            for (Header header : last.getHeaders()) {
                if ("Retry-After".equalsIgnoreCase(header.getName())) {
                    try {
                        return Duration.ofSeconds(
                                Math.max(1, Long.parseLong(header.getValue().strip())));
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
        }
        return tuning.retryAfter();
    }

    private static void sleep(Duration wait) throws CollectorException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollectorException.transientFailure("Interrupted while waiting to call Twilio again", e);
        }
    }
}
