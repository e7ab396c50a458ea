package io.hijackwatch.collector.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SecretResolver;
import java.net.URI;
import java.util.Optional;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Makes the Twilio SDK's REST client for a source. The SDK builds every URL on {@code https://api.twilio.com} (next
 * pages included) and has no base-URL setting; its region and edge settings only pick other Twilio hosts. With the
 * {@code twilio} endpoint override, the SDK's own Apache HTTP client is given a route planner that connects to the
 * override's host and port instead, whatever host a URL names, so that the credentials never go anywhere else.
 */
final class TwilioClients {

    /** The name of the endpoint override, in {@link io.hijackwatch.collector.pull.CollectorEnvironment}. */
    static final String ENDPOINT_NAME = "twilio";

    private TwilioClients() {}

    /**
     * @throws CollectorException (permanent) when the secret cannot be resolved
     */
    static TwilioRestClient open(TwilioSettings settings, SecretResolver secrets, Optional<URI> endpoint)
            throws CollectorException {
        String secret = secrets.resolve(settings.secretReference());
        return new TwilioRestClient.Builder(settings.username(), secret)
                .accountSid(settings.accountSid())
                .httpClient(httpClient(endpoint))
                .build();
    }

    /**
     * The SDK's client on a pool built like its default one, with Apache HttpClient's own retries turned off: they
     * would wait out a 429 or 503 silently (for as long as {@code Retry-After} asks) inside the call, where
     * {@link TwilioCalls} already retries throttling with bounded backoff and hands longer waits to the service.
     */
    private static HttpClient httpClient(Optional<URI> endpoint) {
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager();
        connections.setDefaultSocketConfig(HttpClient.DEFAULT_SOCKET_CONFIG);
        HttpClientBuilder builder = HttpClients.custom()
                .useSystemProperties()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(HttpClient.DEFAULT_REQUEST_CONFIG)
                .disableAutomaticRetries();
        endpoint.ifPresent(uri -> builder.setRoutePlanner(new FixedRoute(target(uri))));
        return new NetworkHttpClient(builder);
    }

    private static HttpHost target(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (endpoint.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new InvalidSourceSettingsException(
                    "The endpoint override " + ENDPOINT_NAME + " is an http or https URL with a host.");
        }
        int port = endpoint.getPort() >= 0 ? endpoint.getPort() : ("https".equals(scheme) ? 443 : 80);
        return new HttpHost(scheme, endpoint.getHost(), port);
    }

    /** Connects every request to one host, whatever host its URL names. */
    private static final class FixedRoute implements HttpRoutePlanner {

        private final HttpHost target;

        FixedRoute(HttpHost target) {
            this.target = target;
        }

        @Override
        public HttpRoute determineRoute(HttpHost requested, HttpContext context) {
            return new HttpRoute(target, null, "https".equals(target.getSchemeName()));
        }
    }
}
