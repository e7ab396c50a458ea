package io.hijackwatch.collector.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * SQS, S3, STS and CloudTrail on one localhost port, speaking the wire protocols the AWS SDK for Java 2 uses: SQS
 * and CloudTrail as AWS JSON (told apart by {@code X-Amz-Target}), STS as the query protocol with XML answers, S3 as
 * REST with path-style addressing. Every request is recorded, and faults can be queued per operation.
 */
public final class FakeAws implements AutoCloseable {

    public final FakeSqs sqs = new FakeSqs();
    public final FakeS3 s3 = new FakeS3();
    public final FakeSts sts = new FakeSts();
    public final FakeCloudTrail cloudTrail = new FakeCloudTrail();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();

    /**
     * One request as it arrived.
     *
     * @param operation {@code AmazonSQS.ReceiveMessage}, {@code LookupEvents}, {@code AssumeRole} or {@code GetObject}
     */
    public record Request(Instant at, String operation, String authorization, String body) {

        /** The access key id the request was signed with, from its SigV4 {@code Authorization} header. */
        public String accessKeyId() {
            int start = authorization.indexOf("Credential=") + "Credential=".length();
            return authorization.substring(start, authorization.indexOf('/', start));
        }
    }

    /** An answer given instead of the real one, to the next request of an operation. */
    public record Fault(String operation, int status, Map<String, String> headers, String contentType, String body) {}

    public FakeAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The endpoint overrides that send every client of the collectors here. */
    public Map<String, URI> endpoints() {
        return Map.of("sqs", uri(), "s3", uri(), "sts", uri(), "cloudtrail", uri());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String operation) {
        return requests.stream()
                .filter(request -> request.operation().equals(operation))
                .toList();
    }

    public synchronized void fail(Fault fault) {
        faults.add(fault);
    }

    /** The next {@code times} requests of the operation get an AWS JSON error. */
    public void failJson(String operation, int times, int status, String type, Map<String, String> headers) {
        String body = "{\"__type\":\"" + type + "\",\"message\":\"Injected by the test\"}";
        for (int i = 0; i < times; i++) {
            fail(new Fault(operation, status, headers, "application/x-amz-json-1.0", body));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String operation = operation(exchange, body);
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(new Request(Instant.now(), operation, authorization, body));
            Fault fault = nextFault(operation);
            if (fault != null) {
                fault.headers()
                        .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                respond(exchange, fault.status(), fault.contentType(), fault.body());
                return;
            }
            route(exchange, operation, body);
        }
    }

    private void route(HttpExchange exchange, String operation, String body) throws IOException {
        if (operation.startsWith("AmazonSQS.")) {
            FakeSqs.Answer answer = sqs.answer(operation.substring("AmazonSQS.".length()), body);
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            respond(exchange, answer.status(), "application/x-amz-json-1.0", answer.body());
        } else if (operation.equals("LookupEvents")) {
            FakeCloudTrail.Answer answer = cloudTrail.answer(body);
            respond(exchange, answer.status(), "application/x-amz-json-1.1", answer.body());
        } else if (operation.equals("AssumeRole")) {
            respond(exchange, 200, "text/xml", sts.assumeRole(body));
        } else if (operation.equals("GetObject")) {
            s3.getObject(exchange);
        } else {
            respond(exchange, 400, "text/plain", "The fake does not know " + operation);
        }
    }

    private synchronized Fault nextFault(String operation) {
        for (Fault fault : faults) {
            if (fault.operation().equals(operation)) {
                faults.remove(fault);
                return fault;
            }
        }
        return null;
    }

    private static String operation(HttpExchange exchange, String body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.startsWith("AmazonSQS.") ? target : target.substring(target.lastIndexOf('.') + 1);
        }
        if (body.contains("Action=AssumeRole")) {
            return "AssumeRole";
        }
        return exchange.getRequestMethod().equals("GET") ? "GetObject" : exchange.getRequestMethod();
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-request");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
