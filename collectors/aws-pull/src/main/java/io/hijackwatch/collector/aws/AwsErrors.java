package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.pull.CollectorException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Turns what the AWS SDK throws into the service's two kinds of failure: transient (throttling, 5xx, the network)
 * and permanent (access denied, a queue that does not exist, credentials AWS does not know). Messages carry the
 * operation, the AWS error code and AWS's own message, which names ARNs and actions but never a secret.
 */
final class AwsErrors {

    private static final int MAX_MESSAGE_CHARS = 300;
    private static final Set<String> TRANSIENT_CODES =
            Set.of("ExpiredToken", "ExpiredTokenException", "RequestTimeout", "RequestTimeoutException");

    private AwsErrors() {}

    static CollectorException toCollectorException(String operation, SdkException e) {
        if (e instanceof AwsServiceException service) {
            return fromService(operation, service);
        }
        String reason = operation + " failed: " + shorten(e.getMessage());
        if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return CollectorException.permanentFailure(reason, null);
        }
        return CollectorException.transientFailure(reason, e);
    }

    private static CollectorException fromService(String operation, AwsServiceException e) {
        String where = e instanceof StsException ? "Assuming the role for " + operation : operation;
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        String message = details == null ? null : details.errorMessage();
        String reason = where + " failed with " + (code == null ? "an error" : code) + " (HTTP " + e.statusCode() + ")"
                + (message == null || message.isBlank() ? "" : ": " + shorten(message));
        if (isTransient(e, code)) {
            return CollectorException.transientFailure(reason, e);
        }
        return CollectorException.permanentFailure(reason, e);
    }

    /** Throttling by error code (ThrottlingException, RequestThrottled and their kin) or by HTTP 429. */
    static boolean isThrottling(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() == 429;
    }

    static boolean isTransient(AwsServiceException e, String code) {
        return e.isThrottlingException()
                || e.statusCode() == 429
                || e.statusCode() >= 500
                || TRANSIENT_CODES.contains(code);
    }

    static String shorten(String text) {
        if (text == null) {
            return "no message";
        }
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
