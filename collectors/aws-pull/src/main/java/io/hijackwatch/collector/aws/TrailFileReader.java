package io.hijackwatch.collector.aws;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.cloudtrail.CloudTrailParser;
import io.hijackwatch.collector.pull.CollectorException;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Streams one CloudTrail file from S3 through the CloudTrail parser into a {@link BatchBuffer}. A file that S3 will
 * not hand out (gone, or access denied) or whose content is cut off or not gzip becomes one rejection naming the
 * object, so that the message announcing it can still be deleted; a malformed record inside a good file becomes a
 * rejection of that record.
 */
final class TrailFileReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrailFileReader.class);
    private static final int FORBIDDEN = 403;
    private static final int NOT_FOUND = 404;

    private final S3Client s3;
    private final CloudTrailParser parser = new CloudTrailParser();

    TrailFileReader(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public void close() {
        s3.close();
    }

    /**
     * @throws CollectorException when S3 or the network fails in a way that may pass; the message must then stay in
     *     the queue
     */
    void read(S3Location location, BatchBuffer buffer) throws CollectorException {
        FileListener listener = new FileListener(location, buffer);
        try (ResponseInputStream<GetObjectResponse> body =
                s3.getObject(request -> request.bucket(location.bucket()).key(location.key()))) {
            parser.parse(body, listener);
        } catch (S3Exception e) {
            rejectOrRethrow(location, e, listener, buffer);
        } catch (EOFException | ZipException e) {
            log.warn("The file {} is cut off or not valid gzip and is recorded as rejected.", location.uri());
            buffer.reject(new Rejection(
                    listener.records(), location.uri() + " is cut off or not valid gzip: " + e.getMessage()));
        } catch (IOException e) {
            throw CollectorException.transientFailure("Reading " + location.uri() + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw AwsErrors.toCollectorException("Reading " + location.uri(), e);
        }
        log.debug("Read {} events from {}.", listener.events(), location.uri());
    }

    private static void rejectOrRethrow(S3Location location, S3Exception e, FileListener listener, BatchBuffer buffer)
            throws CollectorException {
        if (e.statusCode() != FORBIDDEN && e.statusCode() != NOT_FOUND) {
            throw AwsErrors.toCollectorException("Reading " + location.uri(), e);
        }
        String code = e.awsErrorDetails() == null
                ? "HTTP " + e.statusCode()
                : e.awsErrorDetails().errorCode();
        log.warn("The file {} cannot be fetched ({}) and is recorded as rejected.", location.uri(), code);
        buffer.reject(new Rejection(listener.records(), location.uri() + " cannot be fetched: " + code));
    }

    /** Hands a file's events and rejections to the buffer, each rejection naming the file. */
    private static final class FileListener implements ParseListener {

        private final S3Location location;
        private final BatchBuffer buffer;
        private long records;
        private long events;

        FileListener(S3Location location, BatchBuffer buffer) {
            this.location = location;
            this.buffer = buffer;
        }

        @Override
        public void onEvent(NormalizedEvent event) {
            records++;
            events++;
            buffer.add(event);
        }

        @Override
        public void onRejected(Rejection rejection) {
            records = Math.max(records, rejection.index() + 1);
            buffer.reject(new Rejection(
                    rejection.index(), location.uri() + " record " + rejection.index() + ": " + rejection.reason()));
        }

        @Override
        public void onSkipped(long index, String what) {
            records = Math.max(records, index + 1);
            log.debug("Skipped record {} of {}: {}.", index, location.uri(), what);
        }

        long records() {
            return records;
        }

        long events() {
            return events;
        }
    }
}
