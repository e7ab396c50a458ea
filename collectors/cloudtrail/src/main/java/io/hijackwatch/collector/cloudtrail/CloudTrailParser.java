package io.hijackwatch.collector.cloudtrail;

import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.json.FramedJsonParser;
import io.hijackwatch.collector.json.JsonRecordFramer;
import io.hijackwatch.collector.json.RecordBytes;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JsonParser;

/**
 * Parses AWS CloudTrail in every shape its users have on disk: the S3 delivery file ({@code {"Records":[...]}}, plain
 * or gzip), a top-level array of records, JSON lines, EventBridge "AWS API Call via CloudTrail" envelopes, and the
 * output of {@code aws cloudtrail lookup-events} ({@code {"Events":[{"CloudTrailEvent":"..."}]}}). Digest files are
 * recognized and skipped.
 */
public final class CloudTrailParser extends FramedJsonParser<CloudTrailRecord> {

    public static final String FORMAT = "cloudtrail";

    private static final Set<String> CONTAINER_FIELDS = Set.of("Records", "Events");
    private static final int MAX_REASON_CHARS = 300;
    private static final Pattern DELIVERY_FILE_START = Pattern.compile("\\A\\uFEFF?\\s*\\{\\s*\"Records\"\\s*:");

    private final CloudTrailRecordReader reader;

    public CloudTrailParser() {
        this(JsonRecordFramer.DEFAULT_MAX_RECORD_BYTES);
    }

    public CloudTrailParser(int maxRecordBytes) {
        super(CONTAINER_FIELDS, maxRecordBytes);
        this.reader = new CloudTrailRecordReader(json());
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Provider provider() {
        return Provider.AWS;
    }

    /**
     * CloudTrail records name {@code eventSource} and {@code eventName}; lookup-events output holds them in a string;
     * an S3 delivery file starts with {@code {"Records":}, even when it holds no record.
     */
    @Override
    public boolean recognizes(String head) {
        return (head.contains("\"eventSource\"") && head.contains("\"eventName\""))
                || head.contains("\"CloudTrailEvent\"")
                || head.contains("\"digestS3Object\"")
                || DELIVERY_FILE_START.matcher(head).lookingAt();
    }

    @Override
    protected CloudTrailRecord read(JsonParser parser) {
        return reader.read(parser);
    }

    @Override
    protected CloudTrailRecord read(JsonParser parser, RecordBytes bytes) {
        return reader.read(parser, bytes);
    }

    @Override
    protected boolean readsInPlace() {
        return true;
    }

    @Override
    protected void report(long index, CloudTrailRecord record, ParseListener listener) {
        if (record.isDigest()) {
            listener.onSkipped(index, "CloudTrail digest file");
            return;
        }
        listener.onEvent(record.toEvent());
    }
}
