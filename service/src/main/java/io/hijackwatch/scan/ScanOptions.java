package io.hijackwatch.scan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code scan}.
 *
 * @param output how findings and the summary are printed on standard output
 * @param summary whether to print counts per service and action
 * @param input the log format to read, or {@code auto} to recognize each file's own
 * @param threads how many files are read at once
 * @param rulesFolder a folder of the operator's own rules, loaded beside the shipped ones, or {@code null}
 * @param automationPrincipals patterns of pipeline principals that rules marked {@code excludeAutomation} ignore
 * @param paths files and folders to read
 */
record ScanOptions(
        OutputFormat output,
        boolean summary,
        String input,
        int threads,
        Path rulesFolder,
        List<String> automationPrincipals,
        List<Path> paths) {

    static final String AUTO = "auto";
    static final String USAGE = "usage: hijackwatch scan [--format json|text] [--summary] [--input auto|FORMAT] "
            + "[--rules FOLDER] [--automation-principal REGEX]... [--threads N] PATH...";

    enum OutputFormat {
        TEXT,
        JSON
    }

    /** @throws UsageException when the arguments do not make a valid command */
    static ScanOptions parse(String[] args) {
        OutputFormat output = OutputFormat.TEXT;
        boolean summary = false;
        String input = AUTO;
        int threads = Runtime.getRuntime().availableProcessors();
        Path rulesFolder = null;
        List<String> automation = new ArrayList<>();
        List<Path> paths = new ArrayList<>();

        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--format" -> output = outputFormat(valueOf(args, ++i, arg));
                case "--summary" -> summary = true;
                case "--input" -> input = valueOf(args, ++i, arg);
                case "--threads" -> threads = threadCount(valueOf(args, ++i, arg));
                case "--rules" -> rulesFolder = Path.of(valueOf(args, ++i, arg));
                case "--automation-principal" -> automation.add(pattern(valueOf(args, ++i, arg)));
                case "--" -> paths.addAll(remaining(args, i + 1));
                default -> {
                    if (arg.startsWith("--") && arg.contains("=")) {
                        throw new UsageException("write options as '--name value', not '" + arg + "'");
                    }
                    if (arg.startsWith("-") && arg.length() > 1) {
                        throw new UsageException("unknown option " + arg);
                    }
                    paths.add(Path.of(arg));
                }
            }
            if ("--".equals(arg)) {
                break;
            }
        }
        if (paths.isEmpty()) {
            throw new UsageException("name at least one file or folder to scan");
        }
        return new ScanOptions(
                output, summary, input, threads, rulesFolder, List.copyOf(automation), List.copyOf(paths));
    }

    private static String valueOf(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    private static OutputFormat outputFormat(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "json" -> OutputFormat.JSON;
            case "text" -> OutputFormat.TEXT;
            default -> throw new UsageException("--format takes json or text, not '" + value + "'");
        };
    }

    private static String pattern(String value) {
        try {
            java.util.regex.Pattern.compile(value);
            return value;
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new UsageException("--automation-principal takes a regular expression: " + e.getDescription());
        }
    }

    private static int threadCount(String value) {
        try {
            int threads = Integer.parseInt(value);
            if (threads >= 1 && threads <= 256) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--threads takes a whole number from 1 to 256, not '" + value + "'");
    }

    private static List<Path> remaining(String[] args, int from) {
        List<Path> paths = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            paths.add(Path.of(args[i]));
        }
        return paths;
    }

    /** A command line that cannot run; exit code 2 with the message. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
