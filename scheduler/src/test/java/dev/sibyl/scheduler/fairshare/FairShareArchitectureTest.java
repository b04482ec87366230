package dev.sibyl.scheduler.fairshare;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class FairShareArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sibyl.scheduler.fairshare");

    @Test
    void theSchedulingCoreUsesNothingButTheJdk() {
        classes()
                .that()
                .resideInAPackage("dev.sibyl.scheduler.fairshare")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.sibyl.scheduler.fairshare", "java..")
                .check(CLASSES);
    }

    @Test
    void theSimulatorUsesOnlyTheCoreAndTheJdk() {
        classes()
                .that()
                .resideInAPackage("dev.sibyl.scheduler.fairshare.sim")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.sibyl.scheduler.fairshare..", "java..")
                .check(CLASSES);
    }

    @Test
    void theCoreDoesNotReadTheClock() {
        noClasses()
                .that()
                .resideInAPackage("dev.sibyl.scheduler.fairshare")
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.time.Clock")
                .check(CLASSES);
    }
}
