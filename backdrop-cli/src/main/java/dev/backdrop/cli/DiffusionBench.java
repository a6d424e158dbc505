package dev.backdrop.cli;

import dev.backdrop.diffusion.DiffusionBenchmark;
import dev.backdrop.diffusion.DiffusionGenerator;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.diffusion.model.ExecutionSettings;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = "Steps per second and pipeline overhead per step beyond the UNet call, on a tiny model or a model folder.")
final class DiffusionBench implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "MODEL_DIR", description = "a model folder (default: a tiny model)")
    Path folder;

    @Option(names = "--scheduler", defaultValue = "DPM2 Karras", description = "(default: ${DEFAULT-VALUE})")
    String scheduler;

    @Option(names = "--steps", defaultValue = "20", description = "(default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--runs", defaultValue = "3", description = "(default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--resolution", defaultValue = "256", description = "square size for the tiny model (default: ${DEFAULT-VALUE})")
    int resolution;

    @Option(names = "--threads", description = "inference threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        SchedulerName name = SchedulerName.parse(scheduler);
        if (folder == null) {
            System.out.println(DiffusionBenchmark.tiny(name, resolution, steps, runs).toText());
            return 0;
        }
        try (DiffusionGenerator generator = DiffusionGenerator.open(folder,
                DiffusionOptions.DEFAULT.withExecution(ExecutionSettings.cpu(threads)))) {
            System.out.println(DiffusionBenchmark.run(generator, name, steps, runs).toText());
        }
        return 0;
    }
}
