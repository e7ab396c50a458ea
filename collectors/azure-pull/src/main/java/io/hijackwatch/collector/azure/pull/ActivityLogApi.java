package io.hijackwatch.collector.azure.pull;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.hijackwatch.collector.pull.CollectorException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Activity Log list call of Azure Resource Manager ({@code GET /subscriptions/{id}/providers/
 * Microsoft.Insights/eventtypes/management/values}), made through an Azure SDK pipeline that signs every request
 * with a bearer token and retries what may pass. Next-page links are followed only to the management endpoint
 * itself: the pipeline attaches the token to whatever it calls, so a link elsewhere would hand the token over.
 */
final class ActivityLogApi {

    static final URI PUBLIC_CLOUD = URI.create("https://management.azure.com");
    static final String API_VERSION = "2015-04-01";

    /** ARM's count of reads left to the caller in the current period. */
    private static final HttpHeaderName REMAINING_READS =
            HttpHeaderName.fromString("x-ms-ratelimit-remaining-subscription-reads");

    private static final int FEW_READS_LEFT = 100;
    private static final Logger log = LoggerFactory.getLogger(ActivityLogApi.class);

    private final HttpPipeline pipeline;
    private final URI management;
    private final String subscriptionId;
    private final ArmFailures failures;
    private final String signedInAs;

    /**
     * @param signedInAs who the credential signs in, for messages ({@code client 1234… of tenant contoso})
     */
    ActivityLogApi(
            HttpPipeline pipeline, URI management, String subscriptionId, ArmFailures failures, String signedInAs) {
        this.pipeline = pipeline;
        this.management = management;
        this.subscriptionId = subscriptionId;
        this.failures = failures;
        this.signedInAs = signedInAs;
    }

    ArmFailures failures() {
        return failures;
    }

    /** The first page of the events whose event time lies in the span, both ends included. */
    URI firstPage(Instant from, Instant to) {
        String filter = "eventTimestamp ge '" + from + "' and eventTimestamp le '" + to + "'";
        String base = management.toString().replaceAll("/+$", "");
        return URI.create(base + "/subscriptions/" + subscriptionId
                + "/providers/Microsoft.Insights/eventtypes/management/values?api-version=" + API_VERSION
                + "&$filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /**
     * The link to follow for the next page.
     *
     * @throws CollectorException (permanent) when the link leads anywhere but the management endpoint
     */
    URI nextPage(String link) throws CollectorException {
        URI next;
        try {
            next = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw failures.refusedLink("an unreadable address", origin(management));
        }
        if (!next.isAbsolute() || next.getRawUserInfo() != null || !origin(next).equals(origin(management))) {
            throw failures.refusedLink(next.isAbsolute() ? origin(next) : "a relative address", origin(management));
        }
        return next;
    }

    /** The body of a 200 response to a GET of the address. */
    byte[] get(URI address) throws CollectorException {
        HttpRequest request = new HttpRequest(HttpMethod.GET, address.toString());
        request.setHeader(HttpHeaderName.ACCEPT, "application/json");
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            byte[] body = response.getBodyAsBinaryData().toBytes();
            noteRemainingReads(response);
            if (response.getStatusCode() != 200) {
                throw failures.forResponse(response.getStatusCode(), response.getHeaders(), body);
            }
            return body;
        } catch (RuntimeException e) {
            throw failures.forException(e, signedInAs);
        }
    }

    private void noteRemainingReads(HttpResponse response) {
        String remaining = response.getHeaderValue(REMAINING_READS);
        if (remaining == null) {
            return;
        }
        try {
            if (Integer.parseInt(remaining.trim()) < FEW_READS_LEFT) {
                log.warn(
                        "Azure Resource Manager allows {} more reads of subscription {} for now; polls may be"
                                + " throttled.",
                        remaining,
                        subscriptionId);
            }
        } catch (NumberFormatException e) {
            log.debug("Azure Resource Manager sent an unreadable count of remaining reads: {}.", remaining);
        }
    }

    /** Scheme, host and port, the port spelled out even where the scheme implies it. */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        return scheme + "://" + host + ":" + port;
    }
}
