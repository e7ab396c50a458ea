package io.hijackwatch.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running service over real HTTP, as its users do. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public ApiClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    /** A response: its status, its content type and its body read as JSON. */
    public record Reply(int status, String contentType, JsonNode body, HttpResponse<String> raw) {}

    public Reply postEvents(String key, String format, String contentType, byte[] body) {
        HttpRequest.Builder request =
                eventsRequest(key, format, contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return send(request.build());
    }

    /** Posts a body without a Content-Length, streamed in chunks, as a client that does not know the size does. */
    public Reply postEventsChunked(String key, String format, String contentType, Supplier<InputStream> body) {
        HttpRequest.Builder request =
                eventsRequest(key, format, contentType).POST(HttpRequest.BodyPublishers.ofInputStream(body));
        return send(request.build());
    }

    private HttpRequest.Builder eventsRequest(String key, String format, String contentType) {
        String query = format == null ? "" : "?format=" + format;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events" + query));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request;
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    /** A request with a key and, unless {@code null}, a JSON body. */
    public Reply call(String method, String path, String key, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(
                        method,
                        json == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = contentType.contains("json") ? JSON.readTree(response.body()) : null;
            return new Reply(response.statusCode(), contentType, body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
