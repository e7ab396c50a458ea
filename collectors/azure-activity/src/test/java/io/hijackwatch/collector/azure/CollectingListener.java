package io.hijackwatch.collector.azure;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a parser reports, in the order reported. */
final class CollectingListener implements ParseListener {

    final List<NormalizedEvent> events = new ArrayList<>();
    final List<Rejection> rejections = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();

    @Override
    public void onEvent(NormalizedEvent event) {
        events.add(event);
    }

    @Override
    public void onRejected(Rejection rejection) {
        rejections.add(rejection);
    }

    @Override
    public void onSkipped(long index, String what) {
        skipped.add(index + " " + what);
    }

    NormalizedEvent event(int position) {
        return events.get(position);
    }
}
