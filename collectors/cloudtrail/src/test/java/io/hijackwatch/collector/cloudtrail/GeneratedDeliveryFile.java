package io.hijackwatch.collector.cloudtrail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An S3 delivery file, {@code {"Records":[...]}} on one line, of any length. Its bytes are made as they are read and
 * never held: one record at a time is in memory. Record {@code n} has the event id {@link #eventId(long)}.
 */
final class GeneratedDeliveryFile extends InputStream {

    private static final byte[] HEAD = ascii("{\"Records\":[");
    private static final byte[] TAIL = ascii("]}");
    private static final String COUNTER_SLOT = "000000000000";
    private static final String ID_PREFIX = "5eedf11e-0000-4000-8000-";

    /** A comma, then a GPU launch as CloudTrail writes it, with a counter in its event id. */
    private static final String RECORD = ",{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\","
            + "\"principalId\":\"AROAEXAMPLEDEPLOY1234:ci-deploy\","
            + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/DeployRole/ci-deploy\",\"accountId\":\"111122223333\","
            + "\"accessKeyId\":\"ASIAEXAMPLEDEPLOY001\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
            + "\"principalId\":\"AROAEXAMPLEDEPLOY1234\",\"arn\":\"arn:aws:iam::111122223333:role/DeployRole\","
            + "\"accountId\":\"111122223333\",\"userName\":\"DeployRole\"},\"attributes\":{"
            + "\"creationDate\":\"2024-12-16T18:02:11Z\",\"mfaAuthenticated\":\"false\"}}},"
            + "\"eventTime\":\"2024-12-16T18:41:07Z\",\"eventSource\":\"ec2.amazonaws.com\","
            + "\"eventName\":\"RunInstances\",\"awsRegion\":\"ap-southeast-3\",\"sourceIPAddress\":\"203.0.113.24\","
            + "\"userAgent\":\"aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/linux#6.8.0 md/arch#x86_64\","
            + "\"requestParameters\":{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-0f1e2d3c4b5a69788\","
            + "\"minCount\":2,\"maxCount\":2}]},\"instanceType\":\"p4d.24xlarge\",\"blockDeviceMapping\":{},"
            + "\"monitoring\":{\"enabled\":false},\"disableApiTermination\":false,"
            + "\"clientToken\":\"3f0c6a2e-9d41-4b7a-8c55-1e2f3a4b5c6d\",\"userData\":\"<sensitiveDataRemoved>\"},"
            + "\"responseElements\":{\"requestId\":\"6b1d3f9a-2c4e-4f8b-9a7d-0e1f2a3b4c5d\","
            + "\"reservationId\":\"r-0a1b2c3d4e5f67890\",\"ownerId\":\"111122223333\",\"groupSet\":{},"
            + "\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0a1b2c3d4e5f60001\",\"instanceType\":\"p4d.24xlarge\","
            + "\"instanceState\":{\"code\":0,\"name\":\"pending\"},\"placement\":{\"availabilityZone\":"
            + "\"ap-southeast-3a\",\"tenancy\":\"default\"}},{\"instanceId\":\"i-0a1b2c3d4e5f60002\","
            + "\"instanceType\":\"p4d.24xlarge\",\"instanceState\":{\"code\":0,\"name\":\"pending\"},"
            + "\"placement\":{\"availabilityZone\":\"ap-southeast-3a\",\"tenancy\":\"default\"}}]}},"
            + "\"requestID\":\"6b1d3f9a-2c4e-4f8b-9a7d-0e1f2a3b4c5d\",\"eventID\":\"" + ID_PREFIX + COUNTER_SLOT
            + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
            + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\",\"tlsDetails\":{"
            + "\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\","
            + "\"clientProvidedHostHeader\":\"ec2.ap-southeast-3.amazonaws.com\"}}";

    private static final int COUNTER_OFFSET = RECORD.indexOf(ID_PREFIX + COUNTER_SLOT) + ID_PREFIX.length();

    private final long records;
    private final byte[] record = ascii(RECORD);
    private long nextRecord;
    private boolean tailSent;

    private byte[] pending = HEAD;
    private int pendingPosition;

    GeneratedDeliveryFile(long records) {
        this.records = records;
    }

    /** How many records make a file of at least this many bytes. */
    static long recordsFor(long bytes) {
        long perRecord = RECORD.length();
        return (bytes - HEAD.length - TAIL.length + perRecord - 1) / perRecord;
    }

    static long length(long records) {
        return HEAD.length + records * RECORD.length() - (records > 0 ? 1 : 0) + TAIL.length;
    }

    static String eventId(long record) {
        return ID_PREFIX + String.format("%012d", record);
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
            writeCounter(nextRecord);
            pending = record;
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

    private void writeCounter(long value) {
        long rest = value;
        for (int i = COUNTER_OFFSET + COUNTER_SLOT.length() - 1; i >= COUNTER_OFFSET; i--) {
            record[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
