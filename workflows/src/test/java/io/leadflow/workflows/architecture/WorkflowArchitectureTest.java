package io.leadflow.workflows.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The workflows module is plain deterministic Java on the contracts and the Temporal SDK: no storage, no Spring, no
 * HTTP, no activity implementations, and none of the JDK's clocks, randomness or threads.
 */
class WorkflowArchitectureTest {

    static final JavaClasses WORKFLOWS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.leadflow.workflows");

    @Test
    void workflowsDependOnlyOnTheContractsAndTheTemporalSdk() {
        noClasses().that().resideInAPackage("io.leadflow.workflows..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.leadflow.shared..", "io.leadflow.activities..", "io.leadflow.api..", "io.leadflow.worker..",
                        "org.springframework..", "com.mongodb..", "org.bson..", "okhttp3..", "jakarta..",
                        "com.google.api..", "tools.jackson..")
                .because("workflows compile against the contracts only; implementations live in activities")
                .check(WORKFLOWS);
    }

    @Test
    void workflowCodeUsesNoClockRandomnessOrThreadsOfItsOwn() {
        noClasses().that().resideInAPackage("io.leadflow.workflows..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .because("time, randomness and concurrency come from Workflow, so replay is deterministic")
                .check(WORKFLOWS);
    }
}
