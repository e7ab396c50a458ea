package io.hijackwatch.collector.cloudtrail;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.json.Decompression;
import io.hijackwatch.collector.json.JsonRecordFramer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses AWS CloudTrail in every shape its users have on disk: the S3 delivery file ({@code {"Records":[...]}}, plain
 * or gzip), a top-level array of records, JSON lines, EventBridge "AWS API Call via CloudTrail" envelopes, and the
 * output of {@code aws cloudtrail lookup-events} ({@code {"Events":[{"CloudTrailEvent":"..."}]}}). Digest files are
 * recognized and skipped.
 */
public final class CloudTrailParser implements EventParser {

    public static final String FORMAT = "cloudtrail";

    private static final Set<String> CONTAINER_FIELDS = Set.of("Records", "Events");
    private static final int MAX_REASON_CHARS = 300;
    private static final Pattern DELIVERY_FILE_START = Pattern.compile("\\A\\uFEFF?\\s*\\{\\s*\"Records\"\\s*:");

    private final JsonRecordFramer framer;
    private final CloudTrailRecordReader reader;
    private final JsonFactory json;

    public CloudTrailParser() {
        this(JsonRecordFramer.DEFAULT_MAX_RECORD_BYTES);
    }

    public CloudTrailParser(int maxRecordBytes) {
        this.framer = new JsonRecordFramer(CONTAINER_FIELDS, maxRecordBytes);
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(128)
                        .maxStringLength(maxRecordBytes)
                        .build())
                .build();
        this.reader = new CloudTrailRecordReader(json);
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
    public void parse(InputStream input, ParseListener listener) throws IOException {
        InputStream decoded = Decompression.gunzipIfCompressed(input);
        framer.frame(decoded, new JsonRecordFramer.RecordHandler() {
            @Override
            public void onRecord(long index, byte[] buffer, int offset, int length) {
                parseRecord(index, buffer, offset, length, listener);
            }

            @Override
            public void onMalformed(long index, String reason) {
                listener.onRejected(new Rejection(index, reason));
            }
        });
    }

    private void parseRecord(long index, byte[] buffer, int offset, int length, ParseListener listener) {
        CloudTrailRecord record;
        try (JsonParser parser = json.createParser(ObjectReadContext.empty(), buffer, offset, length)) {
            record = reader.read(parser);
        } catch (JacksonException e) {
            listener.onRejected(new Rejection(index, invalidJson(e)));
            return;
        } catch (InvalidRecordException e) {
            listener.onRejected(new Rejection(index, e.getMessage()));
            return;
        }

        if (record.isDigest()) {
            listener.onSkipped(index, "CloudTrail digest file");
            return;
        }
        try {
            listener.onEvent(record.toEvent());
        } catch (InvalidRecordException e) {
            listener.onRejected(new Rejection(index, e.getMessage()));
        }
    }

    private static String invalidJson(JacksonException e) {
        StringBuilder reason = new StringBuilder("invalid JSON");
        TokenStreamLocation location = e.getLocation();
        if (location != null && location.getByteOffset() >= 0) {
            reason.append(" at byte ").append(location.getByteOffset()).append(" of the record");
        }
        String message = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ");
        reason.append(": ").append(message);
        return reason.length() <= MAX_REASON_CHARS ? reason.toString() : reason.substring(0, MAX_REASON_CHARS) + "...";
    }
}
