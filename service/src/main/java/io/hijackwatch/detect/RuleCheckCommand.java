package io.hijackwatch.detect;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hijackwatch check-rules PATH...}: lints rule files and runs their samples, as the service does before it
 * loads them, so that an operator knows before deploying whether a rule will load.
 */
public final class RuleCheckCommand {

    public static final String NAME = "check-rules";

    private RuleCheckCommand() {}

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            paths.add(Path.of(args[i]));
        }
        if (paths.isEmpty()) {
            err.println("hijackwatch check-rules: name at least one rule file or folder");
            err.println("usage: hijackwatch check-rules PATH...");
            return 2;
        }

        RuleSet checked = new RuleLoader(true).load(paths);
        checked.problems().forEach(problem -> err.println("not loaded: " + problem));
        out.printf(
                "%d rules load (shipped and given), %d files do not%n",
                checked.rules().size(), checked.problems().size());
        return checked.problems().isEmpty() ? 0 : 1;
    }
}
