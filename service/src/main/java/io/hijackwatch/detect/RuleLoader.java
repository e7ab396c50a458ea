package io.hijackwatch.detect;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hijackwatch.collector.EventParsers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
    private static final String SHIPPED_FOLDER = "rules";

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

    /**
     * The rule files under {@code rules/} on the class path, in path order. They are listed with the JDK's own jar and
     * file access, which a cold start pays far less for than Spring's resource scanning (that also starts logging);
     * where that listing finds nothing, Spring's scanning is the fallback.
     */
    private static List<Source> shipped() {
        try {
            List<Source> listed = listShipped();
            return listed.isEmpty() ? scanShipped() : listed;
        } catch (IOException | URISyntaxException | ClassCastException e) {
            try {
                return scanShipped();
            } catch (IOException again) {
                again.addSuppressed(e);
                throw new UncheckedIOException("Could not read the rules shipped in the jar", again);
            }
        }
    }

    private static List<Source> listShipped() throws IOException, URISyntaxException {
        URL root = RuleLoader.class.getClassLoader().getResource(SHIPPED_FOLDER);
        if (root == null) {
            return List.of();
        }
        if ("file".equals(root.getProtocol())) {
            return listFolder(Path.of(root.toURI()));
        }
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            String prefix = connection.getEntryName() + "/";
            List<JarEntry> entries = jar.stream()
                    .filter(entry -> entry.getName().startsWith(prefix)
                            && entry.getName().endsWith(".yaml"))
                    .sorted(Comparator.comparing(JarEntry::getName))
                    .toList();
            List<Source> sources = new ArrayList<>();
            for (JarEntry entry : entries) {
                try (InputStream in = jar.getInputStream(entry)) {
                    sources.add(new Source(shippedName(entry.getName()), new String(in.readAllBytes(), UTF_8)));
                }
            }
            return sources;
        }
    }

    private static List<Source> listFolder(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Source> sources = new ArrayList<>();
            for (Path file : walk.filter(path -> path.toString().endsWith(".yaml"))
                    .sorted()
                    .toList()) {
                sources.add(new Source(shippedName(file.toString()), Files.readString(file)));
            }
            return sources;
        }
    }

    /** {@code rules/} and the file's name, as messages name a shipped rule. */
    private static String shippedName(String path) {
        String slashed = path.replace('\\', '/');
        return SHIPPED_FOLDER + "/" + slashed.substring(slashed.lastIndexOf('/') + 1);
    }

    private static List<Source> scanShipped() throws IOException {
        Resource[] resources = new PathMatchingResourcePatternResolver(RuleLoader.class.getClassLoader())
                .getResources(CLASSPATH_PATTERN);
        Arrays.sort(resources, Comparator.comparing(RuleLoader::describe));
        List<Source> sources = new ArrayList<>();
        for (Resource resource : resources) {
            try (InputStream in = resource.getInputStream()) {
                sources.add(new Source(
                        SHIPPED_FOLDER + "/" + resource.getFilename(), new String(in.readAllBytes(), UTF_8)));
            }
        }
        return sources;
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
