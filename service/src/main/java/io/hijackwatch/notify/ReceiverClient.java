package io.hijackwatch.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Posts notifications to receivers: the URL is checked before the request and every address inside the client's
 * name resolution; redirects are not followed; connection and response wait are bounded; only the first bytes of an
 * answer are read, and none of them is kept.
 */
final class ReceiverClient implements AutoCloseable {

    /** What the receiver answered, or why nothing was sent. */
    record Response(int status, Duration retryAfter, String error) {

        static Response failed(String error) {
            return new Response(0, null, error);
        }

        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final DestinationPolicy policy;
    private final CloseableHttpClient http;
    private final RestClient rest;
    private final long maxResponseBytes;

    ReceiverClient(DestinationPolicy policy, NotificationProperties properties) {
        this.policy = policy;
        this.maxResponseBytes = properties.maxResponseSize().toBytes();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDnsResolver(policy))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout(properties.connectTimeout()))
                                .setSocketTimeout(timeout(properties.responseTimeout()))
                                .build())
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(4)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout(properties.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("Hijackwatch-Notifications/1")
                .build();
        this.rest = RestClient.builder()
                .requestFactory(new HttpComponentsClientHttpRequestFactory(http))
                .build();
    }

    /** Posts a JSON body with the given headers; never throws for what the receiver or the network does. */
    Response post(URI url, Map<String, String> headers, byte[] json) {
        try {
            policy.checkForm(url);
            return rest.post()
                    .uri(url)
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(target -> headers.forEach(target::set))
                    .body(json)
                    .exchange((request, response) -> {
                        drain(response.getBody());
                        return new Response(
                                response.getStatusCode().value(),
                                retryAfter(response.getHeaders().getFirst("Retry-After")),
                                null);
                    });
        } catch (RefusedDestinationException e) {
            return Response.failed(e.getMessage());
        } catch (ResourceAccessException e) {
            return Response.failed(describe(e.getCause() == null ? e : e.getCause()));
        } catch (RuntimeException e) {
            return Response.failed(
                    "The request could not be sent: " + e.getClass().getSimpleName());
        }
    }

    /** Reads at most the configured number of bytes of an answer and forgets them. */
    private void drain(InputStream body) throws IOException {
        if (body == null) {
            return;
        }
        byte[] buffer = new byte[4096];
        long left = maxResponseBytes;
        int read = 0;
        while (left > 0 && read >= 0) {
            read = body.read(buffer, 0, (int) Math.min(buffer.length, left));
            left -= Math.max(read, 0);
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof RefusedDestinationException) {
            return cause.getMessage();
        }
        if (cause instanceof UnknownHostException) {
            return "The host cannot be resolved.";
        }
        if (cause instanceof java.net.SocketTimeoutException
                || cause instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
            return "The receiver did not answer in time.";
        }
        if (cause instanceof java.net.ConnectException) {
            return "The receiver refused the connection.";
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            return "The TLS handshake with the receiver failed.";
        }
        return "The request failed: " + cause.getClass().getSimpleName();
    }

    /** A {@code Retry-After} of seconds or an HTTP date, as a wait; {@code null} when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Instant at = DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim(), Instant::from);
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static Timeout timeout(Duration duration) {
        return Timeout.of(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
