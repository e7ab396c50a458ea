package io.hijackwatch.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as its instructions, with continuation lines joined, comments dropped and {@code ${NAME}} replaced
 * by the default of the {@code ARG} that declares it: enough to check what an image is built from and runs as.
 */
final class DockerfileInstructions {

    /** One instruction, such as {@code FROM} with {@code eclipse-temurin:17.0.13_11-jre-noble}. */
    record Instruction(String keyword, String arguments) {}

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    private final List<Instruction> instructions;

    private DockerfileInstructions(List<Instruction> instructions) {
        this.instructions = instructions;
    }

    static DockerfileInstructions parse(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        Map<String, String> arguments = new LinkedHashMap<>();
        for (String line : logicalLines(dockerfile)) {
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String rest = substitute(parts.length > 1 ? parts[1] : "", arguments);
            if (keyword.equals("ARG") && rest.contains("=")) {
                arguments.put(rest.substring(0, rest.indexOf('=')), rest.substring(rest.indexOf('=') + 1));
            }
            instructions.add(new Instruction(keyword, rest));
        }
        return new DockerfileInstructions(instructions);
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The instructions of the last stage, the one the image is made of. */
    DockerfileInstructions finalStage() {
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return new DockerfileInstructions(instructions.subList(lastFrom, instructions.size()));
    }

    private static List<String> logicalLines(String dockerfile) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                lines.add(current.append(trimmed).toString().strip());
                current.setLength(0);
            }
        }
        return lines;
    }

    private static String substitute(String text, Map<String, String> arguments) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = arguments.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(result).toString();
    }
}
