package io.hijackwatch.detect;

import io.hijackwatch.collector.NormalizedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a rule's summary template: {@code {field}} becomes the event's value, or the mode's extra evidence. */
final class Summaries {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");
    private static final int MAX_VALUE_CHARS = 200;

    private Summaries() {}

    static String render(String template, NormalizedEvent event, Map<String, Object> extra) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Object value =
                    extra.containsKey(name) ? extra.get(name) : Field.of(name).text(event);
            matcher.appendReplacement(out, Matcher.quoteReplacement(shorten(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The names a template refers to. */
    static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String shorten(Object value) {
        if (value == null) {
            return "(unknown)";
        }
        String text = String.valueOf(value);
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...";
    }
}
