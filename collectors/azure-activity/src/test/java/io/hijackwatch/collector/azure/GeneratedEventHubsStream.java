package io.hijackwatch.collector.azure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Activity Log records as a diagnostic setting sends them to Event Hubs, {@code {"records":[...]}} on one line, of any
 * length. Its bytes are made as they are read and never held: one record at a time is in memory. Record {@code n} has
 * the correlation id {@link #correlationId(long)}.
 */
final class GeneratedEventHubsStream extends InputStream {

    private static final byte[] HEAD = ascii("{\"records\":[");
    private static final byte[] TAIL = ascii("]}");
    private static final String COUNTER_SLOT = "000000000000";
    private static final String ID_PREFIX = "5eedf11e-0000-4000-8000-";
    private static final String SUBSCRIPTION = "7d3e1f52-9a4b-4c6d-8e2f-0a1b2c3d4e5f";
    private static final String VM = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/rg-ml-training/providers/Microsoft.Compute/virtualMachines/train-gpu-01";

    /** A comma, then the start of a GPU VM creation as the export writes it, with a counter in its correlation id. */
    private static final String RECORD = ",{\"time\":\"2024-12-16T18:41:07.3810679Z\",\"resourceId\":\""
            + VM.toUpperCase() + "\",\"operationName\":\"MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE\","
            + "\"category\":\"Administrative\",\"resultType\":\"Start\",\"resultSignature\":\"Started.\","
            + "\"durationMs\":\"0\",\"callerIpAddress\":\"203.0.113.45\",\"correlationId\":\"" + ID_PREFIX
            + COUNTER_SLOT
            + "\",\"identity\":{\"authorization\":{\"scope\":\"" + VM + "\",\"action\":"
            + "\"Microsoft.Compute/virtualMachines/write\",\"evidence\":{\"role\":\"Contributor\","
            + "\"roleAssignmentScope\":\"/subscriptions/" + SUBSCRIPTION + "\",\"principalType\":\"User\"}},"
            + "\"claims\":{\"aud\":\"https://management.core.windows.net/\",\"iss\":"
            + "\"https://sts.windows.net/3c9a7e21-5b6d-4f80-9a1c-2e3d4f5a6b7c/\",\"iat\":\"1734373862\","
            + "\"appid\":\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\",\"idtyp\":\"user\",\"ipaddr\":\"203.0.113.45\","
            + "\"http://schemas.microsoft.com/identity/claims/objectidentifier\":"
            + "\"5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b\",\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn\":"
            + "\"dana.ops@example.com\",\"ver\":\"1.0\"}},\"level\":\"Information\",\"location\":\"global\","
            + "\"properties\":{\"requestbody\":\"{\\\"location\\\":\\\"swedencentral\\\",\\\"properties\\\":"
            + "{\\\"hardwareProfile\\\":{\\\"vmSize\\\":\\\"Standard_NC24ads_A100_v4\\\"},\\\"storageProfile\\\":"
            + "{\\\"imageReference\\\":{\\\"publisher\\\":\\\"microsoft-dsvm\\\",\\\"offer\\\":\\\"ubuntu-hpc\\\","
            + "\\\"sku\\\":\\\"2204\\\",\\\"version\\\":\\\"latest\\\"}},\\\"priority\\\":\\\"Spot\\\"}}\","
            + "\"eventCategory\":\"Administrative\",\"entity\":\"" + VM + "\",\"message\":"
            + "\"Microsoft.Compute/virtualMachines/write\",\"hierarchy\":"
            + "\"3c9a7e21-5b6d-4f80-9a1c-2e3d4f5a6b7c/" + SUBSCRIPTION + "\"},"
            + "\"tenantId\":\"3c9a7e21-5b6d-4f80-9a1c-2e3d4f5a6b7c\"}";

    private static final int COUNTER_OFFSET = RECORD.indexOf(ID_PREFIX + COUNTER_SLOT) + ID_PREFIX.length();

    private final long records;
    private final byte[] record = ascii(RECORD);
    private long nextRecord;
    private boolean tailSent;

    private byte[] pending = HEAD;
    private int pendingPosition;

    GeneratedEventHubsStream(long records) {
        this.records = records;
    }

    /** How many records make a stream of at least this many bytes. */
    static long recordsFor(long bytes) {
        long perRecord = RECORD.length();
        return (bytes - HEAD.length - TAIL.length + perRecord - 1) / perRecord;
    }

    static long length(long records) {
        return HEAD.length + records * RECORD.length() - (records > 0 ? 1 : 0) + TAIL.length;
    }

    static String correlationId(long record) {
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
