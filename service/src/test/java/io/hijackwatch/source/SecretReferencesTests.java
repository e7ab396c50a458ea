package io.hijackwatch.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferencesTests {

    private static final String SECRET = "the-secret-itself-9912";

    @TempDir
    Path root;

    Path allowed;
    SecretReferences references;

    @BeforeEach
    void folders() throws IOException {
        allowed = Files.createDirectories(root.resolve("allowed"));
        Files.writeString(allowed.resolve("token"), SECRET + "\n");
        Files.writeString(root.resolve("outside"), SECRET);
        Files.createSymbolicLink(allowed.resolve("link-out"), root.resolve("outside"));
        Map<String, String> environment = Map.of("HIJACKWATCH_SECRET_TOKEN", SECRET, "DATABASE_PASSWORD", SECRET);
        references = new SecretReferences(
                new SourceProperties.Secrets("HIJACKWATCH_SECRET_", List.of(allowed)), environment::get);
    }

    @Test
    void resolvesAllowedEnvironmentVariablesAndFilesWithoutTheTrailingLineBreak() throws CollectorException {
        assertThat(references.resolve("env:HIJACKWATCH_SECRET_TOKEN")).isEqualTo(SECRET);
        assertThat(references.resolve("file:" + allowed.resolve("token"))).isEqualTo(SECRET);
        assertThat(references.resolve("file:" + allowed + "/sub/../token")).isEqualTo(SECRET);
    }

    @Test
    void refusesWhatLiesOutsideTheOperatorsPrefixAndFoldersNamingOnlyTheReference() {
        List<String> refused = List.of(
                "env:DATABASE_PASSWORD",
                "env:HIJACKWATCH_SECRET_MISSING",
                "file:" + root.resolve("outside"),
                "file:" + allowed + "/../outside",
                "file:" + allowed.resolve("link-out"),
                "file:" + allowed.resolve("missing"),
                SECRET);

        for (String reference : refused) {
            assertThatThrownBy(() -> references.resolve(reference))
                    .as(reference)
                    .isInstanceOf(CollectorException.class)
                    .satisfies(e ->
                            assertThat(((CollectorException) e).permanent()).isTrue())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        }
    }

    @Test
    void refusesAPlainValueAtRegistrationWithoutRepeatingIt() {
        assertThatThrownBy(() -> references.check("token", SECRET))
                .isInstanceOf(InvalidSourceSettingsException.class)
                .hasMessageContaining("environment variable")
                .hasMessageContaining("HIJACKWATCH_SECRET_")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> references.check("token", "file:" + allowed.resolve("link-out")))
                .isInstanceOf(InvalidSourceSettingsException.class);
        assertThatThrownBy(() -> references.check("token", "env:PATH"))
                .isInstanceOf(InvalidSourceSettingsException.class);
    }
}
