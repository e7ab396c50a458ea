package io.hijackwatch.collector.azure.pull;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import io.hijackwatch.collector.azure.AzureActivityParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One page of the Activity Log REST API ({@code {"value":[...],"nextLink":"..."}}), read by the same parser that
 * reads the API's pages saved to disk, so events get the same ids and regions whichever way they arrive.
 *
 * @param events the page's events
 * @param rejections the page's records that are no event, each reason naming the page
 * @param nextLink the link to the next page, when Azure gave one
 */
record ActivityLogPage(List<NormalizedEvent> events, List<Rejection> rejections, Optional<String> nextLink) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String NEXT_LINK = "nextLink";

    /**
     * @param body the page as Azure sent it
     * @param description where the page came from, for rejection reasons ({@code page 2 of 2026-12-03T10:00Z..})
     */
    static ActivityLogPage read(byte[] body, String description) {
        List<NormalizedEvent> events = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        try {
            new AzureActivityParser().parse(new ByteArrayInputStream(body), new ParseListener() {
                @Override
                public void onEvent(NormalizedEvent event) {
                    events.add(event);
                }

                @Override
                public void onRejected(Rejection rejection) {
                    rejections.add(new Rejection(rejection.index(), description + ": " + rejection.reason()));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ActivityLogPage(events, rejections, nextLink(body));
    }

    /**
     * The top-level {@code nextLink}; the records under {@code value} are skipped unread.
     *
     * @throws MalformedPageException when the page is not a whole JSON object, so that whether more pages follow is
     *     unknown
     */
    private static Optional<String> nextLink(byte[] body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedPageException("the page is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (NEXT_LINK.equals(name) && value == JsonToken.VALUE_STRING) {
                    return Optional.of(parser.getString()).filter(link -> !link.isBlank());
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (JacksonException e) {
            throw new MalformedPageException("the page is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A page that cannot be read as a whole: a cut-off response, say. */
    static final class MalformedPageException extends RuntimeException {

        MalformedPageException(String message) {
            super(message);
        }
    }
}
