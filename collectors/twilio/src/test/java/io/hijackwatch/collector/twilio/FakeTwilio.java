package io.hijackwatch.collector.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for the Twilio REST API's Messages list and daily Usage Records, speaking its JSON: pages with
 * {@code next_page_uri}, {@code DateSent>} filtering by day, newest first, Basic authentication with error 20003, and
 * canned failures (429 with error 20429) served before the real answers.
 */
public final class FakeTwilio implements AutoCloseable {

    public static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String BASE = "/2010-04-01/Accounts/" + ACCOUNT;

    /** A message as the list serves it. */
    public interface Listed {

        String sid();

        Instant created();

        Instant sent();

        String toJson();
    }

    /** A message written by hand, as Twilio would never write it. */
    public record RawMessage(String sid, Instant created, Instant sent, String toJson) implements Listed {}

    /** A message as the fake stores it. */
    public record FakeMessage(String sid, Instant created, Instant sent, String status, String segments, String price)
            implements Listed {

        @Override
        public String toJson() {
            return "{\"account_sid\": \"" + ACCOUNT + "\", \"api_version\": \"2010-04-01\", \"body\": \"Code 49182\","
                    + " \"date_created\": \"" + RFC_2822.format(created) + "\", \"date_sent\": "
                    + (sent == null ? "null" : "\"" + RFC_2822.format(sent) + "\"") + ", \"date_updated\": \""
                    + RFC_2822.format(created) + "\", \"direction\": \"outbound-api\", \"error_code\": null,"
                    + " \"error_message\": null, \"from\": \"+15017122661\","
                    + " \"messaging_service_sid\": \"MG9752274e9e519418a7406176694466fa\", \"num_media\": \"0\","
                    + " \"num_segments\": \"" + segments + "\", \"price\": "
                    + (price == null ? "null" : "\"" + price + "\"")
                    + ", \"price_unit\": \"USD\", \"sid\": \"" + sid + "\", \"status\": \"" + status + "\","
                    + " \"subresource_uris\": {\"media\": \"" + BASE + "/Messages/" + sid + "/Media.json\"},"
                    + " \"to\": \"+447512345678\", \"uri\": \"" + BASE + "/Messages/" + sid + ".json\"}";
        }
    }

    private final HttpServer server;
    private final Map<String, Listed> messages = new LinkedHashMap<>();
    private final Map<String, List<String>> usage = new LinkedHashMap<>();
    private final Deque<Canned> failures = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    private final List<String> users = new CopyOnWriteArrayList<>();
    private volatile String expectedAuthorization = basic(ACCOUNT, AUTH_TOKEN);
    private volatile int perPage = 50;

    private record Canned(int status, String body, Map<String, String> headers) {}

    public FakeTwilio() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public synchronized FakeTwilio add(Listed... added) {
        for (Listed message : added) {
            messages.put(message.sid(), message);
        }
        return this;
    }

    synchronized FakeTwilio addUsage(String category, LocalDate day, String count, String usage, String price) {
        this.usage
                .computeIfAbsent(category, name -> new ArrayList<>())
                .add("{\"account_sid\": \"" + ACCOUNT + "\", \"api_version\": \"2010-04-01\", \"as_of\":"
                        + " \"2024-12-16T10:00:00+00:00\", \"category\": \"" + category + "\", \"count\": \"" + count
                        + "\", \"count_unit\": \"messages\", \"description\": \"SMS\", \"end_date\": \"" + day
                        + "\", \"price\": \"" + price + "\", \"price_unit\": \"usd\", \"start_date\": \"" + day
                        + "\", \"subresource_uris\": {}, \"uri\": \"" + BASE + "/Usage/Records/Daily.json?Category="
                        + category + "\", \"usage\": \"" + usage + "\", \"usage_unit\": \"messages\"}");
        return this;
    }

    FakeTwilio messagesPerPage(int count) {
        perPage = count;
        return this;
    }

    FakeTwilio acceptingOnly(String user, String password) {
        expectedAuthorization = basic(user, password);
        return this;
    }

    /** The next request, whatever it asks, gets this answer instead. */
    synchronized FakeTwilio failNext(int status, String body, Map<String, String> headers) {
        failures.add(new Canned(status, body, headers));
        return this;
    }

    synchronized FakeTwilio throttleNext(int times) {
        for (int i = 0; i < times; i++) {
            failNext(
                    429,
                    "{\"code\": 20429, \"message\": \"Too Many Requests\", \"more_info\":"
                            + " \"https://www.twilio.com/docs/errors/20429\", \"status\": 429}",
                    Map.of());
        }
        return this;
    }

    /** Every request as path and decoded query. */
    public List<String> requests() {
        return requests;
    }

    public List<String> requestsFor(String resource) {
        return requests.stream().filter(request -> request.contains(resource)).toList();
    }

    /** The waits between one request and the next, in milliseconds. */
    List<Long> gapsMillis() {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < requestTimes.size(); i++) {
            gaps.add((requestTimes.get(i) - requestTimes.get(i - 1)) / 1_000_000);
        }
        return gaps;
    }

    /** The user names the requests were signed with. */
    List<String> users() {
        return users;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(path + (query.isEmpty() ? "" : "?" + new TreeMap<>(query)));
            requestTimes.add(System.nanoTime());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            users.add(user(authorization));

            Canned canned = nextFailure();
            if (canned != null) {
                canned.headers()
                        .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                send(exchange, canned.status(), canned.body());
            } else if (!expectedAuthorization.equals(authorization)) {
                send(
                        exchange,
                        401,
                        "{\"code\": 20003, \"message\": \"Authenticate\", \"more_info\":"
                                + " \"https://www.twilio.com/docs/errors/20003\", \"status\": 401}");
            } else if (path.equals(BASE + "/Messages.json")) {
                send(exchange, 200, messagesPage(query));
            } else if (path.equals(BASE + "/Usage/Records/Daily.json")) {
                send(exchange, 200, usagePage(query));
            } else {
                send(
                        exchange,
                        404,
                        "{\"code\": 20404, \"message\": \"The requested resource " + path
                                + " was not found\", \"more_info\": \"https://www.twilio.com/docs/errors/20404\","
                                + " \"status\": 404}");
            }
        }
    }

    private synchronized Canned nextFailure() {
        return failures.poll();
    }

    private synchronized String messagesPage(Map<String, String> query) {
        LocalDate from = query.containsKey("DateSent>")
                ? LocalDate.parse(query.get("DateSent>").substring(0, 10))
                : null;
        List<Listed> matching = messages.values().stream()
                .filter(message -> from == null
                        || message.sent() == null
                        || !LocalDate.ofInstant(message.sent(), ZoneOffset.UTC).isBefore(from))
                .sorted(Comparator.comparing(Listed::created).reversed())
                .toList();
        int page = Integer.parseInt(query.getOrDefault("Page", "0"));
        int start = Math.min(page * perPage, matching.size());
        int end = Math.min(start + perPage, matching.size());
        String next = end < matching.size()
                ? "\"" + BASE + "/Messages.json?PageSize=" + perPage + "&Page=" + (page + 1) + "&PageToken=PA"
                        + matching.get(end - 1).sid() + (from == null ? "" : "&DateSent%3E=" + from) + "\""
                : "null";
        String records = String.join(
                ",\n", matching.subList(start, end).stream().map(Listed::toJson).toList());
        return "{\"end\": " + Math.max(end - 1, 0) + ", \"first_page_uri\": \"" + BASE + "/Messages.json?PageSize="
                + perPage + "&Page=0\", \"messages\": [" + records + "], \"next_page_uri\": " + next + ", \"page\": "
                + page + ", \"page_size\": " + perPage + ", \"previous_page_uri\": null, \"start\": " + start
                + ", \"uri\": \"" + BASE + "/Messages.json?PageSize=" + perPage + "&Page=" + page + "\"}";
    }

    private synchronized String usagePage(Map<String, String> query) {
        LocalDate start = LocalDate.parse(query.get("StartDate"));
        LocalDate end = query.containsKey("EndDate") ? LocalDate.parse(query.get("EndDate")) : LocalDate.MAX;
        List<String> records = usage.getOrDefault(query.get("Category"), List.of()).stream()
                .filter(record -> {
                    LocalDate day = LocalDate.parse(record.replaceAll(".*\"start_date\": \"([0-9-]+)\".*", "$1"));
                    return !day.isBefore(start) && !day.isAfter(end);
                })
                .toList();
        return "{\"end\": 0, \"first_page_uri\": \"" + BASE + "/Usage/Records/Daily.json?Page=0\", \"next_page_uri\":"
                + " null, \"page\": 0, \"page_size\": 50, \"previous_page_uri\": null, \"start\": 0, \"uri\": \""
                + BASE + "/Usage/Records/Daily.json?Page=0\", \"usage_records\": [" + String.join(",", records) + "]}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String user(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        return decoded.substring(0, decoded.indexOf(':'));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
