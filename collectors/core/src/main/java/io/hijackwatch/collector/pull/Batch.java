package io.hijackwatch.collector.pull;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Events read from a source and the cursor that covers them.
 *
 * @param events the events, in any order; redeliveries are dropped by the store
 * @param rejections records (or whole files) that could not be read, each with a reason that names where it came
 *     from (for example an S3 key); kept with the source so that a person can see them
 * @param cursor where the next poll starts once this batch is stored
 * @param position the time up to which everything the source holds has now been read, when the collector knows it;
 *     the service reports the lag as the distance from now
 */
public record Batch(List<NormalizedEvent> events, List<Rejection> rejections, Cursor cursor, Instant position) {

    public Batch {
        events = List.copyOf(events);
        rejections = List.copyOf(rejections);
        Objects.requireNonNull(cursor, "cursor");
    }
}
