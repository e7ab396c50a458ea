package io.hijackwatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sustained ingestion against a running service: several clients post the corpus files as gzip bodies while a probe
 * posts one fresh attack event every half second and measures how long its alert takes to show in the API. Prints
 * one line of {@code name=value} figures for {@code bench/run} to put in its table.
 *
 * <pre>java -cp bench/target/classes io.hijackwatch.bench.IngestBenchmark BASE_URL API_KEY CORPUS CLIENTS</pre>
 */
public final class IngestBenchmark {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern DUPLICATES = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$");
    private static final String QUOTA_RULE = "aws.servicequotas.increase_requested";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;

    private IngestBenchmark(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: IngestBenchmark BASE_URL API_KEY CORPUS_FOLDER CLIENTS");
            System.exit(2);
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of(args[2]))) {
            files = listed.filter(file -> file.toString().endsWith(".json.gz"))
                    .sorted()
                    .toList();
        }
        new IngestBenchmark(args[0], args[1]).run(files, Integer.parseInt(args[3]));
    }

    private void run(List<Path> files, int clients) throws Exception {
        ConcurrentLinkedQueue<Path> pending = new ConcurrentLinkedQueue<>(files);
        AtomicLong stored = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Thread> posting = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < clients; i++) {
            Thread client =
                    new Thread(() -> postAll(pending, stored, duplicates, bytes, failures), "ingest-client-" + i);
            client.start();
            posting.add(client);
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long[] peakHeap = {0};
        Thread probe = new Thread(() -> probe(posting, latencies, peakHeap), "alert-probe");
        probe.start();
        for (Thread client : posting) {
            client.join();
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        probe.join();

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "events=%d duplicates=%d failures=%d seconds=%.2f events_per_second=%.0f mb_per_second=%.1f"
                        + " probes=%d latency_p50_ms=%d latency_p99_ms=%d latency_max_ms=%d peak_heap_mb=%d%n",
                stored.get(),
                duplicates.get(),
                failures.get(),
                seconds,
                stored.get() / seconds,
                bytes.get() / 1048576.0 / seconds,
                sorted.size(),
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1),
                peakHeap[0] / 1048576);
    }

    private void postAll(
            ConcurrentLinkedQueue<Path> pending,
            AtomicLong stored,
            AtomicLong duplicates,
            AtomicLong bytes,
            AtomicLong failures) {
        Path file;
        while ((file = pending.poll()) != null) {
            try {
                byte[] body = Files.readAllBytes(file);
                HttpResponse<String> response = http.send(
                        events("application/gzip")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 202) {
                    failures.incrementAndGet();
                    System.err.println(file.getFileName() + ": HTTP " + response.statusCode() + " " + response.body());
                    continue;
                }
                stored.addAndGet(number(ACCEPTED, response.body()));
                duplicates.addAndGet(number(DUPLICATES, response.body()));
                bytes.addAndGet(body.length);
            } catch (IOException e) {
                failures.incrementAndGet();
                System.err.println(file.getFileName() + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * While the clients post, every half second: one quota request from an account never seen before, then the alerts
     * of that account read every 10 ms until its alert shows. Also samples the service's heap.
     */
    private void probe(List<Thread> posting, List<Long> latencies, long[] peakHeap) {
        long account = 900_000_000_000L + (System.nanoTime() % 1_000_000L) * 1000;
        try {
            while (posting.stream().anyMatch(Thread::isAlive)) {
                account++;
                String accountId = Long.toString(account);
                long sent = System.nanoTime();
                HttpResponse<String> posted = http.send(
                        events("application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(quotaRequest(accountId)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (posted.statusCode() == 202) {
                    waitForAlert(accountId, sent, latencies);
                }
                peakHeap[0] = Math.max(peakHeap[0], heapUsed());
                Thread.sleep(500);
            }
        } catch (IOException e) {
            System.err.println("probe: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitForAlert(String account, long sent, List<Long> latencies)
            throws IOException, InterruptedException {
        long deadline = sent + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> alerts = http.send(
                    request("/api/v1/alerts?rule=" + QUOTA_RULE + "&account=" + account)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (alerts.statusCode() == 200 && alerts.body().contains(account)) {
                latencies.add((System.nanoTime() - sent) / 1_000_000);
                return;
            }
            Thread.sleep(10);
        }
        latencies.add(Duration.ofSeconds(30).toMillis());
    }

    private long heapUsed() throws IOException, InterruptedException {
        HttpResponse<Stream<String>> metrics = http.send(
                HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        if (metrics.statusCode() != 200) {
            metrics.body().close();
            return 0;
        }
        try (Stream<String> lines = metrics.body()) {
            return (long) lines.map(HEAP::matcher)
                    .filter(Matcher::matches)
                    .mapToDouble(m -> Double.parseDouble(m.group(1)))
                    .sum();
        }
    }

    private HttpRequest.Builder events(String contentType) {
        return request("/api/v1/events?format=cloudtrail").header("Content-Type", contentType);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + key);
    }

    private static String quotaRequest(String account) {
        String id = "probe-" + account;
        return """
                {"Records":[{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAPROBE%1$s",\
                "arn":"arn:aws:iam::%1$s:user/probe","accountId":"%1$s","userName":"probe"},\
                "eventTime":"%2$s","eventSource":"servicequotas.amazonaws.com",\
                "eventName":"RequestServiceQuotaIncrease","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9",\
                "userAgent":"aws-cli/2.15.30","requestParameters":{"serviceCode":"ec2","quotaCode":"L-1216C47A",\
                "desiredValue":2048.0},"responseElements":null,"requestID":"%3$s","eventID":"%3$s",\
                "readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%1$s",\
                "eventCategory":"Management"}]}""".formatted(account, Instant.now(), id);
    }

    private static long number(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
