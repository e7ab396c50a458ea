package io.hijackwatch.ingest;

import java.util.List;

/**
 * What became of the records in one request.
 *
 * @param accepted events stored now
 * @param duplicates events already stored before, or repeated within the request
 * @param rejected records that could not be read as events
 * @param skipped records that carry no event, such as CloudTrail digest files
 * @param rejections the first rejections, each with the record's index and the reason
 * @param rejectionsTruncated whether more records were rejected than are listed
 */
public record IngestResult(
        long accepted,
        long duplicates,
        long rejected,
        long skipped,
        List<RejectionView> rejections,
        boolean rejectionsTruncated) {

    /** One rejected record: its position in the body, counting from 0, and why. */
    public record RejectionView(long index, String reason) {}
}
