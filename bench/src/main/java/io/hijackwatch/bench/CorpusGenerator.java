package io.hijackwatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic CloudTrail corpus as S3 delivers it: gzip files of {@code {"Records":[...]}}, about 1.5 KB a
 * record, 200 event names with a skewed distribution, many principals, regions and source addresses. The same seed
 * always gives the same bytes. A few attacks are planted at known positions so that a benchmark can check they were
 * found: a burst of quota requests for GPU capacity, and GPU launches by a leaked key.
 *
 * <p>{@code java io.hijackwatch.bench.CorpusGenerator FOLDER EVENTS [FILES] [SEED]}
 */
public final class CorpusGenerator {

    /** The rules the planted attacks must raise, one alert each. */
    public static final List<String> PLANTED_RULES =
            List.of("aws.servicequotas.increase_requested", "aws.ec2.gpu_instance_launched");

    private static final String ACCOUNT = "111122223333";
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1"};
    private static final String[] SOURCES = {
        "ec2", "s3", "iam", "sts", "kms", "lambda", "logs", "cloudwatch", "dynamodb", "sqs", "sns", "rds", "ecs", "ecr"
    };
    private static final int EVENT_NAMES = 200;

    private final SplittableRandom random;

    private CorpusGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: CorpusGenerator FOLDER EVENTS [FILES] [SEED]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        int files = args.length > 2 ? Integer.parseInt(args[2]) : (int) Math.max(1, events / 3_333);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        generate(folder, events, files, seed);
    }

    /** Writes the corpus into the folder and returns the files, in name (and so time) order. */
    public static List<Path> generate(Path folder, long events, int files, long seed) throws IOException {
        Files.createDirectories(folder);
        CorpusGenerator generator = new CorpusGenerator(seed);
        List<Path> written = new ArrayList<>();
        long perFile = Math.max(1, events / files);
        long next = 0;
        for (int file = 0; file < files; file++) {
            long count = file == files - 1 ? events - next : Math.min(perFile, events - next);
            Path path = folder.resolve(String.format(
                    Locale.ROOT,
                    "%s_CloudTrail_us-east-1_20241216T%02d%02dZ_%04d.json.gz",
                    ACCOUNT,
                    file / 60 % 24,
                    file % 60,
                    file));
            generator.writeFile(path, file, next, count, events);
            written.add(path);
            next += count;
        }
        return written;
    }

    private void writeFile(Path path, int file, long first, long count, long total) throws IOException {
        try (Writer out = new BufferedWriter(
                new OutputStreamWriter(
                        new GZIPOutputStream(Files.newOutputStream(path), 64 * 1024), StandardCharsets.UTF_8),
                64 * 1024)) {
            out.write("{\"Records\":[");
            for (long i = 0; i < count; i++) {
                if (i > 0) {
                    out.write(',');
                }
                long position = first + i;
                out.write(record(file, position, plantedAt(position, total)));
            }
            out.write("]}");
        }
    }

    /** Which attack, if any, sits at this position: a few quota requests and GPU launches near the middle. */
    private static String plantedAt(long position, long total) {
        long middle = total / 2;
        if (position >= middle && position < middle + 3) {
            return "quota";
        }
        if (position >= middle + 10 && position < middle + 13) {
            return "gpu";
        }
        return null;
    }

    private String record(int file, long position, String planted) {
        String time =
                String.format(Locale.ROOT, "2024-12-16T%02d:%02d:%02dZ", file / 60 % 24, file % 60, random.nextInt(60));
        if ("quota".equals(planted)) {
            return attack(
                    position,
                    time,
                    "servicequotas",
                    "RequestServiceQuotaIncrease",
                    "{\"serviceCode\":\"ec2\",\"quotaCode\":\"L-DB2E81BA\",\"desiredValue\":512.0}");
        }
        if ("gpu".equals(planted)) {
            return attack(
                    position,
                    time,
                    "ec2",
                    "RunInstances",
                    "{\"instanceType\":\"p4d.24xlarge\",\"instancesSet\":{\"items\":[{\"imageId\":\"ami-0abc\","
                            + "\"minCount\":1,\"maxCount\":1}]}}");
        }
        int name = skewedName();
        String source = SOURCES[name % SOURCES.length];
        String action = (name % 3 == 0 ? "Describe" : name % 3 == 1 ? "Get" : "List") + "Resource" + name;
        int user = random.nextInt(400);
        return String.format(
                Locale.ROOT,
                "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\","
                        + "\"principalId\":\"AROAEXAMPLE%03d:s\","
                        + "\"arn\":\"arn:aws:sts::%s:assumed-role/role-%d/session-%d\",\"accountId\":\"%s\","
                        + "\"accessKeyId\":\"ASIAEXAMPLE%08d\","
                        + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
                        + "\"principalId\":\"AROAEXAMPLE%03d\","
                        + "\"arn\":\"arn:aws:iam::%s:role/role-%d\",\"accountId\":\"%s\","
                        + "\"userName\":\"role-%d\"},\"attributes\":{\"creationDate\":\"2024-12-16T00:00:00Z\","
                        + "\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"%s\",\"eventSource\":\"%s.amazonaws.com\","
                        + "\"eventName\":\"%s\",\"awsRegion\":\"%s\",\"sourceIPAddress\":\"198.51.100.%d\","
                        + "\"userAgent\":\"aws-sdk-java/2.29.%d Linux/6.1 OpenJ"
                        + "DK_64-Bit_Server_VM/17.0.13 vendor/Amazon.com_Inc."
                        + " md/internal exec-env/AWS_ECS_FARGATE\",\"requestParameters\":{\"maxResults\":%d,"
                        + "\"filterSet\":{\"items\":[{\"name\":\"tag:team\","
                        + "\"valueSet\":{\"items\":[{\"value\":\"team-%d\"}]}}]},"
                        + "\"resourceId\":\"res-%08x\"},\"responseElements\":null,"
                        + "\"requestID\":\"%s\",\"eventID\":\"%s\","
                        + "\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                        + "\"recipientAccountId\":\"%s\",\"eventCategory\":\"Management\","
                        + "\"tlsDetails\":{\"tlsVersion\":"
                        + "\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":"
                        + "\"%s.%s.amazonaws.com\"}}",
                user,
                ACCOUNT,
                user % 40,
                user,
                ACCOUNT,
                user,
                user,
                ACCOUNT,
                user % 40,
                ACCOUNT,
                user % 40,
                time,
                source,
                action,
                REGIONS[user % REGIONS.length],
                1 + user % 250,
                random.nextInt(10),
                50 + random.nextInt(50),
                user % 12,
                random.nextInt(),
                uuid(position, 1),
                uuid(position, 2),
                ACCOUNT,
                source,
                REGIONS[user % REGIONS.length]);
    }

    private static String attack(long position, String time, String source, String action, String request) {
        return String.format(
                Locale.ROOT,
                "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\","
                        + "\"principalId\":\"AIDAEXAMPLELEAKED\","
                        + "\"arn\":\"arn:aws:iam::%s:user/leaked-ci\",\"accountId\":\"%s\",\"accessKeyId\":"
                        + "\"AKIAEXAMPLELEAKED01\",\"userName\":\"leaked-ci\"},\"eventTime\":\"%s\",\"eventSource\":"
                        + "\"%s.amazonaws.com\",\"eventName\":\"%s\",\"awsRegion\":\"ap-south-1\",\"sourceIPAddress\":"
                        + "\"203.0.113.66\",\"userAgent\":\"python-requests/2.32.3\",\"requestParameters\":%s,"
                        + "\"responseElements\":null,\"requestID\":\"%s\",\"eventID\":\"%s\",\"readOnly\":false,"
                        + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"%s\","
                        + "\"eventCategory\":\"Management\"}",
                ACCOUNT,
                ACCOUNT,
                time,
                source,
                action,
                request,
                uuid(position, 1),
                uuid(position, 2),
                ACCOUNT);
    }

    /** An event name from a skewed distribution: a few names make most of the traffic, as in real trails. */
    private int skewedName() {
        double u = random.nextDouble();
        return (int) Math.min(EVENT_NAMES - 1, Math.floor(Math.pow(u, 3) * EVENT_NAMES));
    }

    private static String uuid(long position, int kind) {
        return String.format(
                Locale.ROOT, "%08x-%04x-4%03x-8%03x-%012x", position, kind, position % 4096, kind, position);
    }
}
