package io.hijackwatch.collector.azure.pull;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpHeaders;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.hijackwatch.collector.pull.CollectorException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Turns what went wrong with a call to Azure into a {@link CollectorException} whose message names the subscription,
 * the HTTP status and Azure's error code, and says what to do. Messages carry Azure's own explanation at most, which
 * names principals and scopes but never a token; the client secret is cut out of any text as a last guard.
 */
final class ArmFailures {

    /** How long to wait after a 429 that named no wait. */
    static final Duration DEFAULT_THROTTLE_WAIT = Duration.ofMinutes(1);

    private final String subscriptionId;
    private final Redaction redaction;

    ArmFailures(String subscriptionId, Redaction redaction) {
        this.subscriptionId = subscriptionId;
        this.redaction = redaction;
    }

    /** A response other than 200, after the pipeline's retries. */
    CollectorException forResponse(int status, HttpHeaders headers, byte[] body) {
        ArmError error = ArmError.of(body);
        String code = error.code() == null ? "no error code" : error.code();
        String said = error.message() == null ? "" : " Azure said: " + redaction.apply(error.message());
        String what = " (HTTP " + status + ", " + code + ")";
        if (status == 429) {
            Duration wait = RetryAfter.of(headers).orElse(DEFAULT_THROTTLE_WAIT);
            return CollectorException.throttled(
                    "Azure Resource Manager is throttling reads of subscription " + subscriptionId + what
                            + "; retry after " + wait.toSeconds() + " s.",
                    wait);
        }
        if (status == 401 || status == 403) {
            return CollectorException.permanentFailure(
                    "Azure Resource Manager refused to let the collector read the Activity Log of subscription "
                            + subscriptionId + what + ". Give its identity the Monitoring Reader (or Reader) role on"
                            + " the subscription, and check the tenant and client ids." + said,
                    null);
        }
        if (status == 404) {
            return CollectorException.permanentFailure(
                    "Azure Resource Manager does not know subscription " + subscriptionId + what
                            + ", or the collector's identity cannot see it." + said,
                    null);
        }
        if (status >= 500 || status == 408) {
            return CollectorException.transientFailure(
                    "Azure Resource Manager failed to list the Activity Log of subscription " + subscriptionId + what
                            + "." + said,
                    null);
        }
        return CollectorException.permanentFailure(
                "Azure Resource Manager refused the Activity Log query for subscription " + subscriptionId + what + "."
                        + said,
                null);
    }

    /**
     * A call that ended in an exception rather than a response: Entra ID refused to sign the collector in, or the
     * connection failed.
     */
    CollectorException forException(RuntimeException e, String who) {
        Optional<MsalServiceException> refusal = cause(e, MsalServiceException.class);
        if (refusal.isPresent()) {
            return signInRefused(refusal.get(), who);
        }
        Optional<ClientAuthenticationException> unavailable = cause(e, ClientAuthenticationException.class);
        if (unavailable.isPresent()) {
            return signInFailed(unavailable.get(), who);
        }
        return unreachable(e);
    }

    /** Entra ID answered the token request with an error: a wrong secret, an unknown client or tenant. */
    private CollectorException signInRefused(MsalServiceException e, String who) {
        String message = "Microsoft Entra ID refused to sign in " + who + " for subscription " + subscriptionId
                + " (HTTP " + e.statusCode() + ", " + e.errorCode() + "): " + redaction.apply(firstLine(e));
        boolean passes = e.statusCode() == 429 || e.statusCode() >= 500;
        return passes
                ? CollectorException.transientFailure(message, null)
                : CollectorException.permanentFailure(message, null);
    }

    /** The credential could not get a token: no managed identity here, no federated token file, no network. */
    private CollectorException signInFailed(ClientAuthenticationException e, String who) {
        if (cause(e, IOException.class).isPresent()
                || cause(e, TimeoutException.class).isPresent()) {
            return CollectorException.transientFailure(
                    "Could not reach Microsoft Entra ID to sign in " + who + " for subscription " + subscriptionId
                            + ": " + redaction.apply(firstLine(e)),
                    null);
        }
        return CollectorException.permanentFailure(
                "Microsoft Entra ID did not sign in " + who + " for subscription " + subscriptionId + ": "
                        + redaction.apply(firstLine(e)),
                null);
    }

    /** The call itself failed: the connection, a timeout, a response cut off. */
    private CollectorException unreachable(RuntimeException e) {
        return CollectorException.transientFailure(
                "Could not read the Activity Log of subscription " + subscriptionId + " from Azure Resource Manager: "
                        + redaction.apply(firstLine(e)),
                e);
    }

    CollectorException malformedPage(String reason) {
        return CollectorException.transientFailure(
                "Azure Resource Manager sent an unreadable Activity Log page for subscription " + subscriptionId + ": "
                        + reason,
                null);
    }

    CollectorException refusedLink(String origin, String expected) {
        return CollectorException.permanentFailure(
                "Azure Resource Manager gave a next-page link for subscription " + subscriptionId + " that points to "
                        + origin + " instead of " + expected + "; it was not followed.",
                null);
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int lineBreak = message.indexOf('\n');
        String line = lineBreak < 0 ? message : message.substring(0, lineBreak);
        return line.length() <= 400 ? line : line.substring(0, 400) + "…";
    }
}
