package io.hijackwatch.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what one {@code POST /api/v1/events} may carry.
 *
 * @param maxBodySize the largest body as sent (compressed or not)
 * @param maxDecompressedSize the most a gzip body may expand to, which stops decompression bombs
 * @param maxListedRejections how many rejections the response lists one by one; all are counted
 */
@ConfigurationProperties("hijackwatch.ingest")
public record IngestProperties(
        @DefaultValue("50MB") DataSize maxBodySize,
        @DefaultValue("1GB") DataSize maxDecompressedSize,
        @DefaultValue("1000") int maxListedRejections) {}
