package io.hijackwatch;

import static io.hijackwatch.support.CloudTrailSamples.deliveryFile;
import static io.hijackwatch.support.CloudTrailSamples.gzip;
import static io.hijackwatch.support.CloudTrailSamples.quotaIncrease;
import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.aws.FakeAws;
import io.hijackwatch.collector.aws.TrailRecords;
import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.CloudTrailSamples;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar as users run it: started with its own database, posted to, killed, started again, and used to scan. */
class PackagedApplicationIT {

    private static final Path JAR = Path.of(System.getProperty("hijackwatch.jar", "target/hijackwatch.jar"));
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);
    private static final Pattern PRINTED_KEY = Pattern.compile("^\\s+(hjw_[A-Za-z0-9_-]+)\\s*$", Pattern.MULTILINE);

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws IOException, InterruptedException {
        for (Process process : started) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        stopOrphanedPostgres(work.resolve("data/postgres"));
    }

    @Test
    void servesTheDemoTenantAndLosesNothingWhenKilledAndRestarted() throws Exception {
        Path dataDir = work.resolve("data/postgres");
        byte[] file = gzip(deliveryFile("e2e", 1000));

        byte[] firstQuotaRequests = deliveryFile(List.of(
                        quotaIncrease("q1", "2024-12-16T03:10:00Z", "legacy-deploy", 1024),
                        quotaIncrease("q2", "2024-12-16T03:11:00Z", "legacy-deploy", 1024)))
                .getBytes(StandardCharsets.UTF_8);
        byte[] laterQuotaRequest = deliveryFile(
                        List.of(quotaIncrease("q3", "2024-12-16T04:00:00Z", "legacy-deploy", 2048)))
                .getBytes(StandardCharsets.UTF_8);

        Service first = startService(dataDir, "first.log");
        String key = printedKey(first.log());
        Reply posted = first.api().postEvents(key, "cloudtrail", null, file);
        first.api().postEvents(key, "cloudtrail", "application/json", firstQuotaRequests);
        first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        Service second = startService(dataDir, "second.log");
        Reply reposted = second.api().postEvents(key, "cloudtrail", "application/gzip", file);
        second.api().postEvents(key, "cloudtrail", "application/json", firstQuotaRequests);
        second.api().postEvents(key, "cloudtrail", "application/json", laterQuotaRequest);
        Reply alerts = second.api().call("GET", "/api/v1/alerts?rule=aws.servicequotas.increase_requested", key, null);
        Reply health = second.api().get("/actuator/health/liveness");

        assertThat(posted.status()).isEqualTo(202);
        assertThat(posted.body().get("accepted").asLong()).isEqualTo(1000);
        assertThat(reposted.status()).isEqualTo(202);
        assertThat(reposted.body().get("accepted").asLong()).isZero();
        assertThat(reposted.body().get("duplicates").asLong()).isEqualTo(1000);
        assertThat(PRINTED_KEY.matcher(Files.readString(second.log())).find()).isFalse();
        assertThat(alerts.body().get("items")).hasSize(1);
        assertThat(alerts.body().get("items").get(0).get("count").asLong()).isEqualTo(3);
        assertThat(health.status()).isEqualTo(200);
    }

    @Test
    void storesEveryEventAndAlertOnceWhenKilledInTheMiddleOfALargeUpload() throws Exception {
        Path dataDir = work.resolve("data/postgres");
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            records.add(
                    i % 1000 == 0
                            ? quotaIncrease(
                                    "crash-q" + i, "2024-12-16T03:%02d:00Z".formatted(i / 1000), "crash-user", 512)
                            : CloudTrailSamples.runInstances("crash-" + i));
        }
        byte[] upload = gzip(deliveryFile(records));

        Service first = startService(dataDir, "crash-first.log");
        String key = printedKey(first.log());
        Thread uploading = new Thread(() -> {
            try {
                first.api().postEvents(key, "cloudtrail", "application/gzip", upload);
            } catch (RuntimeException connectionLost) {
                // the service was killed under the request, which is the point
            }
        });
        uploading.start();
        Thread.sleep(1500);
        first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        uploading.join(30_000);

        Service second = startService(dataDir, "crash-second.log");
        Reply afterCrash = second.api().postEvents(key, "cloudtrail", "application/gzip", upload);
        Reply again = second.api().postEvents(key, "cloudtrail", "application/gzip", upload);
        Reply alerts = second.api().call("GET", "/api/v1/alerts?rule=aws.servicequotas.increase_requested", key, null);

        long storedBeforeCrash = 60_000 - afterCrash.body().get("accepted").asLong();
        System.out.printf("killed during the upload; %d of 60,000 events had been committed%n", storedBeforeCrash);
        assertThat(storedBeforeCrash)
                .as("a request is stored whole or not at all")
                .isIn(0L, 60_000L);
        assertThat(afterCrash.body().get("accepted").asLong()
                        + afterCrash.body().get("duplicates").asLong())
                .isEqualTo(60_000);
        assertThat(again.body().get("duplicates").asLong()).isEqualTo(60_000);
        assertThat(alerts.body().get("items")).hasSize(1);
        assertThat(alerts.body().get("items").get(0).get("count").asLong()).isEqualTo(60);
    }

    @Test
    void sendsAfterARestartTheNotificationOfAnAlertStoredBeforeTheCrash() throws Exception {
        Path dataDir = work.resolve("data/postgres");
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String[] local = {
            "--hijackwatch.notifications.allow-http-hosts=127.0.0.1",
            "--hijackwatch.notifications.allowed-networks=127.0.0.1/32",
            "--hijackwatch.notifications.poll-interval=100ms"
        };
        try {
            Service first = startService(
                    dataDir, "notify-first.log", with(local, "--hijackwatch.notifications.dispatcher-enabled=false"));
            String key = printedKey(first.log());
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            Reply channel = first.api()
                    .call(
                            "POST",
                            "/api/v1/notifications/channels",
                            key,
                            "{\"name\":\"soc\",\"type\":\"webhook\",\"url\":\"" + url + "\"}");
            first.api()
                    .postEvents(
                            key,
                            "cloudtrail",
                            "application/json",
                            deliveryFile(List.of(quotaIncrease("n1", "2024-12-16T03:10:00Z", "night-user", 512)))
                                    .getBytes(StandardCharsets.UTF_8));
            first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            startService(dataDir, "notify-second.log", local);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            Thread.sleep(1000);

            assertThat(channel.status()).isEqualTo(201);
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).contains("\"type\":\"alert.opened\"", "night-user");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void collectsFromAQueueAcrossAKillWithNoEventLostAndNoAlertDoubled() throws Exception {
        Path dataDir = work.resolve("data/postgres");
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("aws-key-id"), "AKIAFAKEKILLTEST0001\n");
        Files.writeString(secrets.resolve("aws-secret-key"), "fake-kill-test-secret-access-key\n");
        int files = 40;
        int perFile = 2000;
        try (FakeAws aws = new FakeAws()) {
            for (int f = 0; f < files; f++) {
                List<String> records = new ArrayList<>();
                records.add(quotaIncrease("kill-q" + f, "2024-12-16T03:%02d:00Z".formatted(f), "queue-intruder", 1024));
                for (int i = 1; i < perFile; i++) {
                    records.add(CloudTrailSamples.runInstances("kill-" + f + "-" + i));
                }
                String key = "AWSLogs/111122223333/CloudTrail/us-west-2/2024/12/16/file-" + f + ".json.gz";
                aws.s3.put("org-trail", key, gzip(deliveryFile(records)));
                aws.sqs.send(TrailRecords.s3Notification("org-trail", key));
            }
            List<String> settings = new ArrayList<>(List.of(
                    "--hijackwatch.sources.poll-interval=200ms",
                    "--hijackwatch.sources.lease-ttl=5s",
                    "--hijackwatch.sources.secrets.directories=" + secrets));
            aws.endpoints().forEach((name, uri) -> settings.add("--hijackwatch.sources.endpoints." + name + "=" + uri));
            String[] local = settings.toArray(String[]::new);

            Service first = startService(dataDir, "queue-first.log", local);
            String key = printedKey(first.log());
            Reply created = first.api().call("POST", "/api/v1/sources", key, """
                            {"name":"org trail","kind":"aws-sqs","settings":{"queueUrl":"%s/111122223333/trail-files",\
                            "region":"us-west-2","accessKeyId":"file:%s","secretAccessKey":"file:%s",\
                            "waitTimeSeconds":"1","visibilityTimeout":"5"}}""".formatted(
                            aws.uri(), secrets.resolve("aws-key-id"), secrets.resolve("aws-secret-key")));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            String source = "/api/v1/sources/" + created.body().get("id").asLong();
            long beforeKill = awaitSource(first.api(), key, source, total -> total > 0);
            first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            System.out.printf(
                    "killed while collecting; %d of %d events had been committed%n", beforeKill, files * perFile);

            Service second = startService(dataDir, "queue-second.log", local);
            long total = awaitSource(second.api(), key, source, committed -> committed >= files * perFile);
            Thread.sleep(2000);
            Reply after = second.api().call("GET", source, key, null);
            Reply alerts =
                    second.api().call("GET", "/api/v1/alerts?rule=aws.servicequotas.increase_requested", key, null);

            assertThat(beforeKill).isLessThan(files * perFile);
            assertThat(total).isEqualTo(files * perFile);
            assertThat(after.body().get("eventsTotal").asLong()).isEqualTo(files * perFile);
            assertThat(after.body().get("status").asString()).isEqualTo("ok");
            assertThat(aws.sqs.remaining()).isZero();
            assertThat(alerts.body().get("items")).hasSize(1);
            assertThat(alerts.body().get("items").get(0).get("count").asLong()).isEqualTo(files);
            assertThat(Files.readString(second.log()) + Files.readString(first.log()))
                    .doesNotContain("fake-kill-test-secret-access-key");
        }
    }

    /** Polls a source until its committed event count passes the check, and returns that count. */
    private static long awaitSource(ApiClient api, String key, String source, LongPredicate done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        long total = -1;
        while (Instant.now().isBefore(deadline)) {
            total = api.call("GET", source, key, null).body().get("eventsTotal").asLong();
            if (done.test(total)) {
                return total;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the source did not get there in time; it had committed " + total + " events");
    }

    private static String[] with(String[] settings, String more) {
        List<String> all = new ArrayList<>(List.of(settings));
        all.add(more);
        return all.toArray(String[]::new);
    }

    @Test
    void scansAFolderWithoutADatabaseAndReportsBadRecords() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Files.write(logs.resolve("a.json.gz"), gzip(deliveryFile("scan", 250)));
        Files.writeString(logs.resolve("b.json"), "{\"Records\":[{\"eventTime\": nope}]}");

        Instant before = Instant.now();
        Command scan = run("scan", "--summary", logs.toString());
        Duration took = Duration.between(before, Instant.now());
        Command missing = run("scan", work.resolve("nothing-here").toString());

        System.out.printf("scan of 251 records took %d ms including JVM start-up%n", took.toMillis());
        assertThat(scan.exitCode()).isZero();
        assertThat(scan.out()).containsPattern("250\\s+ec2\\.amazonaws\\.com\\s+RunInstances");
        assertThat(scan.err()).contains("b.json: record 0 rejected: invalid JSON");
        assertThat(scan.err()).contains("2 files, 250 events, 1 records rejected");
        assertThat(Files.exists(work.resolve("data"))).isFalse();
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or folder");
    }

    private record Service(Process process, Path log, ApiClient api) {}

    private record Command(int exitCode, String out, String err) {}

    private Service startService(Path dataDir, String logName, String... settings) throws Exception {
        int port = freePort();
        Path log = work.resolve(logName);
        List<String> args = new ArrayList<>(
                List.of("--server.port=" + port, "--hijackwatch.database.embedded.data-dir=" + dataDir));
        args.addAll(List.of(settings));
        ProcessBuilder builder =
                java(args.toArray(String[]::new)).redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        started.add(process);
        ApiClient api = new ApiClient(port);
        awaitReady(process, api, log);
        return new Service(process, log, api);
    }

    private static void awaitReady(Process process, ApiClient api, Path log) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited during start-up:\n" + Files.readString(log));
            }
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYetListening) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("service not ready within " + STARTUP_LIMIT + ":\n" + Files.readString(log));
    }

    private static String printedKey(Path log) throws IOException {
        Matcher matcher = PRINTED_KEY.matcher(Files.readString(log));
        assertThat(matcher.find()).as("the demo key is printed on first start").isTrue();
        return matcher.group(1);
    }

    private Command run(String... args) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = java(args)
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        started.add(process);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Command(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().remove("SPRING_DATASOURCE_URL");
        builder.environment().remove("HIJACKWATCH_DEMO_TENANT_API_KEY");
        return builder;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void stopOrphanedPostgres(Path dataDir) throws IOException, InterruptedException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        var server = ProcessHandle.of(pid);
        if (server.isPresent()) {
            server.get().destroy();
            server.get().onExit().join();
        }
    }
}
