package dev.sibyl.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pure modules (algorithms, scheduler, trainers, config parsing) stay free of framework code: checked on
 * the classes the server actually runs with, as found on its class path.
 */
class ArchitectureTest {
    private static JavaClasses pure;

    @BeforeAll
    static void importPureModules() {
        pure = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sibyl.tuner", "dev.sibyl.scheduler", "dev.sibyl.trainers", "dev.sibyl.config");
    }

    @Test
    void pureModulesDependOnNoFramework() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.sibyl.tuner..", "dev.sibyl.scheduler..", "dev.sibyl.trainers..", "dev.sibyl.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "jakarta..", "org.hibernate..", "io.vertx..")
                .because("algorithms, the scheduler, trainers and config parsing are plain Java (docs: STYLE.md)");
        rule.check(pure);
    }

    @Test
    void everyPureModuleIsOnTheClassPathToBeChecked() {
        org.assertj.core.api.Assertions.assertThat(pure.containPackage("dev.sibyl.tuner.spi"))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(pure.containPackage("dev.sibyl.tuner.builtin.tpe"))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(pure.containPackage("dev.sibyl.scheduler.experiment"))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(pure.containPackage("dev.sibyl.trainers.local"))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(pure.containPackage("dev.sibyl.config"))
                .isTrue();
    }

    @Test
    void theServerAndTenantManagementAreTheOnlyFrameworkCode() {
        JavaClasses server = new ClassFileImporter().importPackages("dev.sibyl.server", "dev.sibyl.tenant");
        noClasses()
                .that()
                .resideInAnyPackage("dev.sibyl.tenant..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sibyl.server..")
                .because("tenant-management is a library the server builds on, not the other way round")
                .check(server);
    }
}
