package io.hijackwatch.deploy;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The YAML that a Helm template file holds around its template actions, so that its fixed structure can be read
 * without Helm: lines that are only an action ({@code {{- if ...}}}, {@code {{- toYaml ... | nindent 8 }}}) are dropped
 * and every action inside a line becomes {@code x}. Both branches of a conditional remain, so the skeleton shows what
 * the template may write, not what one set of values renders.
 */
final class TemplateSkeleton {

    private static final Pattern ACTION = Pattern.compile("\\{\\{-?.*?-?}}");

    private TemplateSkeleton() {}

    static String of(String template) {
        return template.lines()
                .filter(line -> !isOnlyAnAction(line))
                .map(line -> ACTION.matcher(line).replaceAll("x"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static boolean isOnlyAnAction(String line) {
        String trimmed = line.strip();
        return trimmed.startsWith("{{")
                && trimmed.endsWith("}}")
                && ACTION.matcher(trimmed).replaceAll("").isBlank();
    }
}
