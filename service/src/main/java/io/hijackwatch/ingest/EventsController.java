package io.hijackwatch.ingest;

import io.hijackwatch.collector.EventParser;
import io.hijackwatch.collector.EventParsers;
import io.hijackwatch.tenant.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/** {@code POST /api/v1/events}: raw provider records in, counts of what was stored out. */
@RestController
@RequestMapping("/api/v1/events")
class EventsController {

    /**
     * JSON, JSON lines, gzip of either, or bytes the client does not label; gzip is recognized by its content. curl
     * labels {@code --data-binary} uploads as a form unless told otherwise, so that label counts as unlabeled.
     */
    private static final List<MediaType> ACCEPTED_TYPES = List.of(
            MediaType.APPLICATION_JSON,
            MediaType.APPLICATION_NDJSON,
            MediaType.valueOf("application/jsonl"),
            MediaType.valueOf("application/x-jsonlines"),
            MediaType.valueOf("application/*+json"),
            MediaType.valueOf("application/gzip"),
            MediaType.valueOf("application/x-gzip"),
            MediaType.APPLICATION_OCTET_STREAM,
            MediaType.valueOf("text/csv"),
            MediaType.TEXT_PLAIN,
            MediaType.APPLICATION_FORM_URLENCODED);

    private final IngestService ingest;
    private final EventParsers parsers;
    private final IngestProperties limits;

    EventsController(IngestService ingest, IngestProperties limits) {
        this.ingest = ingest;
        this.parsers = EventParsers.discover();
        this.limits = limits;
    }

    /**
     * The format is read from the query string by hand: asking the servlet container for a parameter would make it
     * read a body sent as {@code application/x-www-form-urlencoded} (curl's default for {@code --data-binary}) as a
     * form, and the records would be lost.
     */
    @PostMapping
    @Parameter(
            name = "format",
            in = ParameterIn.QUERY,
            required = true,
            description = "The log format of the body",
            schema = @Schema(allowableValues = {"cloudtrail", "azure-activity", "gcp-audit", "twilio-messages"}))
    ResponseEntity<IngestResult> ingest(HttpServletRequest request, @Parameter(hidden = true) ApiKeyPrincipal principal)
            throws IOException {
        principal.requireIngest();
        String format = formatFromQuery(request.getQueryString());
        EventParser parser = parsers.forFormat(format).orElseThrow(() -> unknownFormat(format));
        requireAcceptedContentType(request.getContentType());
        requireDeclaredLengthWithinLimit(request.getContentLengthLong());

        long maxBody = limits.maxBodySize().toBytes();
        try (InputStream body = new BoundedInputStream(request.getInputStream(), maxBody, "request body")) {
            return ResponseEntity.accepted().body(ingest.ingest(principal.tenantId(), parser, body));
        }
    }

    private static String formatFromQuery(String query) {
        String format = query == null
                ? null
                : UriComponentsBuilder.newInstance()
                        .query(query)
                        .build()
                        .getQueryParams()
                        .getFirst("format");
        if (format == null || format.isBlank()) {
            throw new IngestRequestException(
                    HttpStatus.BAD_REQUEST, "Name the log format of the body, as in ?format=cloudtrail.");
        }
        return UriUtils.decode(format, StandardCharsets.UTF_8);
    }

    private IngestRequestException unknownFormat(String format) {
        return new IngestRequestException(
                HttpStatus.BAD_REQUEST,
                "Unknown format '" + abbreviate(format) + "'. Known formats: " + String.join(", ", parsers.formats())
                        + ".");
    }

    private static void requireAcceptedContentType(String contentType) {
        if (contentType == null) {
            return;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw unsupportedType();
        }
        if (ACCEPTED_TYPES.stream().noneMatch(accepted -> accepted.includes(type))) {
            throw unsupportedType();
        }
    }

    private static IngestRequestException unsupportedType() {
        return new IngestRequestException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send the records as application/json, application/x-ndjson, text/csv or application/gzip "
                        + "(curl: -H 'Content-Type: application/json' --data-binary @file).");
    }

    private void requireDeclaredLengthWithinLimit(long contentLength) {
        if (contentLength > limits.maxBodySize().toBytes()) {
            throw new BodyTooLargeException("request body", limits.maxBodySize().toBytes());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
