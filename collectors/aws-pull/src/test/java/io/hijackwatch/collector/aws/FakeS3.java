package io.hijackwatch.collector.aws;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** S3's GetObject with path-style addressing ({@code GET /bucket/key}), answering errors as S3's XML. */
public final class FakeS3 {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private volatile Duration pauseInTheMiddle = Duration.ZERO;

    public void put(String bucket, String key, byte[] content) {
        objects.put("/" + bucket + "/" + key, content);
    }

    public void forbid(String bucket, String key) {
        forbidden.add("/" + bucket + "/" + key);
    }

    /** Sends every object in two halves with this pause between them, as a slow network or a large file would. */
    public void pauseInTheMiddle(Duration pause) {
        this.pauseInTheMiddle = pause;
    }

    public void getObject(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (forbidden.contains(path)) {
            error(exchange, 403, "AccessDenied", "Access Denied");
            return;
        }
        byte[] content = objects.get(path);
        if (content == null) {
            error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, content.length);
        try (OutputStream out = exchange.getResponseBody()) {
            int half = content.length / 2;
            out.write(content, 0, half);
            out.flush();
            pause();
            out.write(content, half, content.length - half);
        }
    }

    private void pause() {
        try {
            Thread.sleep(pauseInTheMiddle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        FakeAws.respond(
                exchange,
                status,
                "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message><RequestId>fake</RequestId><HostId>fake</HostId></Error>");
    }
}
