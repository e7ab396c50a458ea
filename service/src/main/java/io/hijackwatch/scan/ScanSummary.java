package io.hijackwatch.scan;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/** The counts per service and action that {@code --summary} prints, and the totals line. */
final class ScanSummary {

    private static final JsonFactory JSON =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private ScanSummary() {}

    static void print(ScanTally tally, ScanOptions.OutputFormat format, PrintStream out) {
        List<Map.Entry<ScanTally.Action, long[]>> rows = sortedRows(tally);
        if (format == ScanOptions.OutputFormat.JSON) {
            printJson(tally, rows, out);
        } else {
            printText(tally, rows, out);
        }
    }

    private static List<Map.Entry<ScanTally.Action, long[]>> sortedRows(ScanTally tally) {
        Comparator<Map.Entry<ScanTally.Action, long[]>> byCountDescending =
                Comparator.comparingLong(entry -> -entry.getValue()[0]);
        return tally.perAction.entrySet().stream()
                .sorted(byCountDescending
                        .thenComparing(entry -> entry.getKey().service())
                        .thenComparing(entry -> entry.getKey().action()))
                .toList();
    }

    private static void printText(ScanTally tally, List<Map.Entry<ScanTally.Action, long[]>> rows, PrintStream out) {
        int serviceWidth = rows.stream()
                .mapToInt(row -> row.getKey().service().length())
                .max()
                .orElse(0);
        serviceWidth = Math.max(serviceWidth, "eventSource".length());
        String line = "%12s  %-" + serviceWidth + "s  %s%n";
        out.printf(Locale.ROOT, line, "count", "eventSource", "eventName");
        for (Map.Entry<ScanTally.Action, long[]> row : rows) {
            out.printf(
                    Locale.ROOT,
                    line,
                    String.format(Locale.ROOT, "%,d", row.getValue()[0]),
                    row.getKey().service(),
                    row.getKey().action());
        }
        out.printf(
                Locale.ROOT,
                "%nevents read: %,d  records rejected: %,d  records skipped: %,d  files: %,d  unreadable files: %,d"
                        + "  unrecognized files: %,d%n",
                tally.events,
                tally.rejected,
                tally.skipped,
                tally.files,
                tally.unreadableFiles,
                tally.unrecognizedFiles);
    }

    private static void printJson(ScanTally tally, List<Map.Entry<ScanTally.Action, long[]>> rows, PrintStream out) {
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeNumberProperty("events", tally.events);
            json.writeNumberProperty("rejected", tally.rejected);
            json.writeNumberProperty("skipped", tally.skipped);
            json.writeNumberProperty("files", tally.files);
            json.writeNumberProperty("unreadableFiles", tally.unreadableFiles);
            json.writeNumberProperty("unrecognizedFiles", tally.unrecognizedFiles);
            json.writeArrayPropertyStart("actions");
            for (Map.Entry<ScanTally.Action, long[]> row : rows) {
                json.writeStartObject();
                json.writeStringProperty("eventSource", row.getKey().service());
                json.writeStringProperty("eventName", row.getKey().action());
                json.writeNumberProperty("count", row.getValue()[0]);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.println();
    }

    static String totalsLine(ScanTally tally, int digestFilesLeftOut, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "scan: %,d files, %,d events, %,d records rejected, %,d skipped in %.1f s (%,.0f events/s)",
                tally.files,
                tally.events,
                tally.rejected,
                tally.skipped,
                seconds,
                tally.events / seconds));
        if (tally.unreadableFiles > 0) {
            line.append(
                    String.format(Locale.ROOT, "; %,d files could not be read to their end", tally.unreadableFiles));
        }
        if (tally.unrecognizedFiles > 0) {
            line.append(String.format(Locale.ROOT, "; %,d files in no format it knows", tally.unrecognizedFiles));
        }
        if (digestFilesLeftOut > 0) {
            line.append(String.format(Locale.ROOT, "; %,d digest files left out", digestFilesLeftOut));
        }
        return line.toString();
    }
}
