package io.hijackwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module and feature boundaries that DESIGN.md sets, checked on the compiled classes. */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.hijackwatch");

    @Test
    void collectorsDependOnNothingInTheService() {
        noClasses()
                .that()
                .resideInAPackage("io.hijackwatch.collector..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.hijackwatch.ingest..",
                        "io.hijackwatch.tenant..",
                        "io.hijackwatch.api..",
                        "io.hijackwatch.scan..",
                        "io.hijackwatch.database..",
                        "org.springframework..")
                .check(CLASSES);
    }

    @Test
    void featuresHaveNoCycles() {
        slices().matching("io.hijackwatch.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theOfflineScanNeedsNeitherSpringNorTheDatabase() {
        noClasses()
                .that()
                .resideInAPackage("io.hijackwatch.scan..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "io.hijackwatch.database..", "io.hijackwatch.tenant..", "java.sql..")
                .check(CLASSES);
    }
}
