package io.hijackwatch.collector.testing;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.ParseListener;
import io.hijackwatch.collector.Rejection;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a parser reports, in the order reported. Shared by the parser modules' tests. */
public final class CollectingListener implements ParseListener {

    public final List<NormalizedEvent> events = new ArrayList<>();
    public final List<Rejection> rejections = new ArrayList<>();
    public final List<String> skipped = new ArrayList<>();

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

    public NormalizedEvent event(int position) {
        return events.get(position);
    }
}
