package io.hijackwatch.collector.gcp;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A Pub/Sub pull response, {@code {"receivedMessages":[...]}} on one line, of any length. Its bytes are made as they
 * are read and never held: one message at a time is in memory. Message {@code n} carries a GPU instance insert whose
 * {@code insertId} is {@link #insertId(long)}.
 */
final class GeneratedPullResponse extends InputStream {

    private static final byte[] HEAD = ascii("{\"receivedMessages\":[");
    private static final byte[] TAIL = ascii("]}");
    private static final String ID_PREFIX = "gen-";

    private static final String ENTRY = "{\"protoPayload\":{"
            + "\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
            + "\"authenticationInfo\":{\"principalEmail\":\"deployer@example-ml-prod.iam.gserviceaccount.com\"},"
            + "\"requestMetadata\":{\"callerIp\":\"203.0.113.45\","
            + "\"callerSuppliedUserAgent\":\"google-cloud-sdk gcloud/502.0.0"
            + " command/gcloud.compute.instances.create\"},"
            + "\"serviceName\":\"compute.googleapis.com\",\"methodName\":\"v1.compute.instances.insert\","
            + "\"authorizationInfo\":[{\"permission\":\"compute.instances.create\",\"granted\":true,"
            + "\"permissionType\":\"ADMIN_WRITE\"}],"
            + "\"resourceName\":\"projects/example-ml-prod/zones/us-central1-a/instances/burst-%1$s\","
            + "\"request\":{\"name\":\"burst-%1$s\","
            + "\"machineType\":\"projects/example-ml-prod/zones/us-central1-a/machineTypes/a2-highgpu-1g\","
            + "\"scheduling\":{\"onHostMaintenance\":\"TERMINATE\"},"
            + "\"@type\":\"type.googleapis.com/compute.instances.insert\"}},"
            + "\"insertId\":\"" + ID_PREFIX + "%1$s\","
            + "\"resource\":{\"type\":\"gce_instance\","
            + "\"labels\":{\"project_id\":\"example-ml-prod\",\"zone\":\"us-central1-a\"}},"
            + "\"timestamp\":\"2024-12-16T18:41:07.482310Z\",\"severity\":\"NOTICE\","
            + "\"logName\":\"projects/example-ml-prod/logs/cloudaudit.googleapis.com%%2Factivity\"}";
    private static final String MESSAGE = ",{\"ackId\":\"ack-%1$s\",\"message\":{\"data\":\"%2$s\","
            + "\"messageId\":\"%1$s\",\"publishTime\":\"2024-12-16T18:41:09.101Z\"}}";
    private static final int RECORD_BYTES = message(0).length;

    private final long records;
    private long nextRecord;
    private boolean tailSent;

    private byte[] pending = HEAD;
    private int pendingPosition;

    GeneratedPullResponse(long records) {
        this.records = records;
    }

    /** How many messages make a response of at least this many bytes. */
    static long recordsFor(long bytes) {
        return (bytes - HEAD.length - TAIL.length + RECORD_BYTES - 1) / RECORD_BYTES;
    }

    static long length(long records) {
        return HEAD.length + records * RECORD_BYTES - (records > 0 ? 1 : 0) + TAIL.length;
    }

    static String insertId(long record) {
        return ID_PREFIX + counter(record);
    }

    private static String counter(long record) {
        return String.format("%012d", record);
    }

    private static byte[] message(long record) {
        String entry = ENTRY.formatted(counter(record));
        String data = Base64.getEncoder().encodeToString(entry.getBytes(StandardCharsets.UTF_8));
        return ascii(MESSAGE.formatted(counter(record), data));
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (pendingPosition == pending.length && !advance()) {
            return -1;
        }
        int count = Math.min(length, pending.length - pendingPosition);
        System.arraycopy(pending, pendingPosition, buffer, offset, count);
        pendingPosition += count;
        return count;
    }

    private boolean advance() {
        if (nextRecord < records) {
            pending = message(nextRecord);
            pendingPosition = nextRecord == 0 ? 1 : 0;
            nextRecord++;
            return true;
        }
        if (!tailSent) {
            tailSent = true;
            pending = TAIL;
            pendingPosition = 0;
            return true;
        }
        return false;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
