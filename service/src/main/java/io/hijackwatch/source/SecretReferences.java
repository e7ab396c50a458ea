package io.hijackwatch.source;

import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The only way a collector reads a secret: a tenant's setting names it ({@code env:NAME} or {@code file:/path}) and
 * this resolves it, within what the operator allows. Environment variables must carry the operator's prefix, so that
 * a tenant can never read the database password or anything else the service was started with; files must lie,
 * after {@code ..} and links are resolved, inside one of the operator's folders. Messages name the reference, never
 * what it holds.
 */
final class SecretReferences implements SecretResolver {

    private static final String ENV = "env:";
    private static final String FILE = "file:";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String envPrefix;
    private final List<Path> directories;
    private final UnaryOperator<String> environment;

    SecretReferences(SourceProperties.Secrets secrets, UnaryOperator<String> environment) {
        this.envPrefix = secrets.envPrefix();
        this.directories = secrets.directories().stream()
                .map(directory -> directory.toAbsolutePath().normalize())
                .toList();
        this.environment = environment;
    }

    static SecretReferences fromProcessEnvironment(SourceProperties.Secrets secrets) {
        return new SecretReferences(secrets, System::getenv);
    }

    /**
     * Checks a setting that must name a secret, when a tenant sets it.
     *
     * @throws InvalidSourceSettingsException when the value is not a reference, or one the operator does not allow;
     *     the message never repeats the value, which may be the secret itself
     */
    void check(String setting, String value) {
        if (value.startsWith(ENV)) {
            checkEnvironmentName(setting, value.substring(ENV.length()));
        } else if (value.startsWith(FILE)) {
            checkFile(setting, value);
        } else {
            throw new InvalidSourceSettingsException("The setting " + setting
                    + " names a secret and must not hold one: store the secret in an environment variable whose"
                    + " name starts with " + envPrefix + " or in a file under " + describeDirectories()
                    + ", and set " + setting + " to env:NAME or file:/path. The value sent was not stored.");
        }
    }

    @Override
    public String resolve(String reference) throws CollectorException {
        if (reference.startsWith(ENV)) {
            return resolveEnvironment(reference);
        }
        if (reference.startsWith(FILE)) {
            return resolveFile(reference);
        }
        throw CollectorException.permanentFailure("A secret setting holds no env: or file: reference.", null);
    }

    private void checkEnvironmentName(String setting, String name) {
        if (!ENV_NAME.matcher(name).matches() || !name.startsWith(envPrefix) || name.equals(envPrefix)) {
            throw new InvalidSourceSettingsException("The setting " + setting
                    + " may only name an environment variable whose name starts with " + envPrefix + ".");
        }
    }

    private void checkFile(String setting, String reference) {
        Optional<Path> path = path(reference);
        if (path.isEmpty() || !allowed(path.get())) {
            throw new InvalidSourceSettingsException(
                    "The setting " + setting + " may only name an absolute path inside " + describeDirectories() + ".");
        }
    }

    private String resolveEnvironment(String reference) throws CollectorException {
        String name = reference.substring(ENV.length());
        if (!ENV_NAME.matcher(name).matches() || !name.startsWith(envPrefix)) {
            throw notAllowed(reference);
        }
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
            throw CollectorException.permanentFailure("The secret " + reference + " is not set.", null);
        }
        return stripLineBreak(value);
    }

    private String resolveFile(String reference) throws CollectorException {
        Path path = path(reference).filter(this::allowed).orElseThrow(() -> notAllowed(reference));
        try {
            Path real = path.normalize().toRealPath();
            if (!allowed(real) || !Files.isRegularFile(real)) {
                throw notAllowed(reference);
            }
            return stripLineBreak(Files.readString(real, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CollectorException.permanentFailure("The secret " + reference + " cannot be read.", null);
        }
    }

    /** Whether a path, with {@code ..} resolved and, as far as it exists, links followed, lies inside a folder. */
    private boolean allowed(Path path) {
        Path real = realAsFarAsExists(path);
        return directories.stream()
                .map(SecretReferences::realAsFarAsExists)
                .anyMatch(directory -> real.startsWith(directory) && !real.equals(directory));
    }

    private static Path realAsFarAsExists(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        try {
            return Files.exists(normalized) ? normalized.toRealPath() : normalized;
        } catch (IOException e) {
            return normalized;
        }
    }

    private static Optional<Path> path(String reference) {
        String text = reference.substring(FILE.length());
        try {
            Path path = Path.of(text);
            return path.isAbsolute() ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private CollectorException notAllowed(String reference) {
        return CollectorException.permanentFailure(
                "The secret reference " + reference + " is not one the operator allows.", null);
    }

    private String describeDirectories() {
        return directories.stream().map(Path::toString).toList().toString();
    }

    private static String stripLineBreak(String value) {
        if (value.endsWith("\r\n")) {
            return value.substring(0, value.length() - 2);
        }
        return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    }
}
