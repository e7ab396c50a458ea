package io.hijackwatch.detect;

import io.hijackwatch.collector.EventParsers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Loads the rules shipped in the jar ({@code classpath:rules/**}) and, optionally, an operator's folder of rules. Each
 * rule is linted and its samples run; a rule that fails either does not load and the reason is kept. Ids are unique:
 * an operator's rule with the id of a shipped one is refused rather than silently replacing it.
 */
public final class RuleLoader {

    static final String CLASSPATH_PATTERN = "classpath:rules/**/*.yaml";

    private final RuleParser parser = new RuleParser();
    private final RuleSampleRunner samples = new RuleSampleRunner(EventParsers.discover());
    private final boolean runShippedSamples;

    /**
     * A loader that runs the samples of the operator's rules only: the shipped rules' samples already passed in the
     * build that made the jar (RulePackTests), and running them again would slow every start.
     */
    public RuleLoader() {
        this(false);
    }

    /** @param runShippedSamples whether the shipped rules' samples are run too, as {@code check-rules} does */
    public RuleLoader(boolean runShippedSamples) {
        this.runShippedSamples = runShippedSamples;
    }

    /** The shipped rules and, when the folder is not {@code null}, the operator's rules below it. */
    public RuleSet load(Path operatorFolder) {
        return load(operatorFolder == null ? List.of() : List.of(operatorFolder));
    }

    /**
     * The shipped rules and the rules in these files and folders. Files are parsed in parallel (YAML parsing is most
     * of the cost of a cold start); ids and samples are then checked in file order.
     */
    public RuleSet load(List<Path> operatorPaths) {
        List<String> problems = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        shipped().forEach(source -> candidates.add(new Candidate(source, runShippedSamples)));
        for (Path path : operatorPaths) {
            read(path, problems).forEach(source -> candidates.add(new Candidate(source, true)));
        }

        List<Parsed> parsed = candidates.parallelStream().map(this::parse).toList();

        List<Rule> rules = new ArrayList<>();
        Map<String, String> sourceById = new HashMap<>();
        for (Parsed each : parsed) {
            accept(each, rules, problems, sourceById);
        }
        return new RuleSet(List.copyOf(rules), List.copyOf(problems));
    }

    /** A rule file to load, and whether its samples are to be run. */
    private record Candidate(Source source, boolean runSamples) {}

    /** A rule file after parsing: the rule, or why it does not parse. */
    private record Parsed(Candidate candidate, Rule rule, String problem) {}

    private Parsed parse(Candidate candidate) {
        try {
            return new Parsed(
                    candidate,
                    parser.parse(
                            candidate.source().text(),
                            candidate.source().name(),
                            candidate.runSamples() ? RuleParser.Samples.READ : RuleParser.Samples.SKIPPED),
                    null);
        } catch (RuleDefinitionException e) {
            return new Parsed(candidate, null, e.getMessage());
        }
    }

    private void accept(Parsed parsed, List<Rule> rules, List<String> problems, Map<String, String> sourceById) {
        if (parsed.problem() != null) {
            problems.add(parsed.problem());
            return;
        }
        Rule rule = parsed.rule();
        Source source = parsed.candidate().source();
        String earlier = sourceById.putIfAbsent(rule.id(), source.name());
        if (earlier != null) {
            problems.add(source.name() + " (" + rule.id() + "): the id is already used by " + earlier);
            return;
        }
        List<String> failures = parsed.candidate().runSamples() ? samples.failures(rule) : List.of();
        if (!failures.isEmpty()) {
            problems.add(source.name() + " (" + rule.id() + "): " + String.join("; ", failures));
            return;
        }
        rules.add(rule);
    }

    /** A rule file's name, for messages, and its text. */
    record Source(String name, String text) {}

    private static List<Source> shipped() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(RuleLoader.class.getClassLoader())
                    .getResources(CLASSPATH_PATTERN);
            Arrays.sort(resources, Comparator.comparing(RuleLoader::describe));
            List<Source> sources = new ArrayList<>();
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    sources.add(new Source(
                            "rules/" + resource.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the rules shipped in the jar", e);
        }
    }

    private static String describe(Resource resource) {
        return resource.getDescription();
    }

    private static List<Source> read(Path folder, List<String> problems) {
        if (!Files.exists(folder)) {
            problems.add(folder + ": no such rule file or folder");
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Source> sources = new ArrayList<>();
            for (Path file : walk.filter(path -> path.toString().endsWith(".yaml"))
                    .sorted()
                    .toList()) {
                sources.add(new Source(file.toString(), Files.readString(file)));
            }
            return sources;
        } catch (IOException e) {
            problems.add(folder + ": could not be read: " + e.getMessage());
            return List.of();
        }
    }
}
