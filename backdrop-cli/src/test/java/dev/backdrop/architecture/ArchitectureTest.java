package dev.backdrop.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture the modules and packages promise, checked on the compiled classes of every
 * module: no cycles between packages, the core knows nothing of HTTP, the server or diffusion, and
 * the server's layers point one way (composition root → adapters → service → requests).
 */
class ArchitectureTest {

    /** The core module's packages: the pipeline and its parts. */
    private static final String[] CORE = {"dev.backdrop.background..", "dev.backdrop.compose..", "dev.backdrop.eval..",
            "dev.backdrop.filter..", "dev.backdrop.image..", "dev.backdrop.model..", "dev.backdrop.onnx..",
            "dev.backdrop.pipeline..", "dev.backdrop.reference..", "dev.backdrop.sample..", "dev.backdrop.scene..",
            "dev.backdrop.segment.."};

    /** Everything built on the core. */
    private static final String[] ABOVE_CORE = {"dev.backdrop.diffusion..", "dev.backdrop.accounts..",
            "dev.backdrop.api..", "dev.backdrop.db..", "dev.backdrop.fetch..", "dev.backdrop.jobs..",
            "dev.backdrop.metrics..", "dev.backdrop.request..", "dev.backdrop.server..", "dev.backdrop.service..",
            "dev.backdrop.storage..", "dev.backdrop.webhook..", "dev.backdrop.worker..", "dev.backdrop.cli.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // Other modules' tests come as test-jars, which ArchUnit's own option does not recognise.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.backdrop");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.backdrop.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("dev.backdrop.diffusion.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theCoreKnowsNothingOfHttpTheServerOrDiffusion() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(ABOVE_CORE)
                .check(classes);
        noClasses().that().resideInAnyPackage(CORE).or().resideInAnyPackage("dev.backdrop.diffusion..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void onlyTheHttpAdaptersAndTheCompositionRootKnowTheWebFramework() {
        noClasses().that().resideOutsideOfPackages("dev.backdrop.api..", "dev.backdrop.server..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void theServerLayersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("composition").definedBy("dev.backdrop.server..", "dev.backdrop.cli..")
                .layer("adapters").definedBy("dev.backdrop.api..", "dev.backdrop.worker..")
                .layer("service").definedBy("dev.backdrop.service..")
                .layer("requests").definedBy("dev.backdrop.request..")
                .whereLayer("composition").mayNotBeAccessedByAnyLayer()
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("composition")
                .whereLayer("service").mayOnlyBeAccessedByLayers("adapters", "composition")
                .whereLayer("requests").mayOnlyBeAccessedByLayers("service", "adapters", "composition")
                .check(classes);
    }
}
