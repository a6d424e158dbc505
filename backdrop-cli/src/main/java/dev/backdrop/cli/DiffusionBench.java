package dev.backdrop.cli;

import dev.backdrop.diffusion.DiffusionBenchmark;
import dev.backdrop.diffusion.DiffusionGenerator;
import dev.backdrop.diffusion.DiffusionOptions;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.tiny.TinyVariant;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = {"Steps per second and pipeline overhead per step beyond the UNet call, on a tiny model or a"
                + " model folder.",
                "--tiny sd15-inpaint-bench times the overhead beside a UNet that does real work at SD 1.5's latent"
                        + " size: SD 1.5's conv_in, first ResNet block and conv_out at 320 channels, random weights."
                        + " A real SD 1.5 UNet does about 50 times more per call, so its overhead share is smaller"
                        + " still."})
final class DiffusionBench implements Callable<Integer> {

    /** SD 1.5's working size: the overhead per step grows with the latent size, so tiny models run at the real one. */
    static final int TINY_RESOLUTION = 512;

    @Parameters(arity = "0..1", paramLabel = "MODEL_DIR", description = "a model folder (default: a tiny model)")
    Path folder;

    @Spec
    CommandSpec spec;

    @Option(names = "--tiny", defaultValue = "sd15-inpaint", paramLabel = "VARIANT",
            description = "the tiny model written and timed when no folder is given: sd15-inpaint (a UNet of a few"
                    + " channels: overhead only) or sd15-inpaint-bench (the overhead's share of a step),"
                    + " or any other tiny variant (default: ${DEFAULT-VALUE})")
    String tiny;

    @Option(names = "--scheduler", defaultValue = "DPM2 Karras", description = "(default: ${DEFAULT-VALUE})")
    String scheduler;

    @Option(names = "--steps", defaultValue = "20", description = "(default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--runs", converter = Count.Positive.class,
            defaultValue = "3", description = "(default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--resolution", paramLabel = "PIXELS",
            description = "square working size (default: 512, SD 1.5's size and 64x64 latents, for a tiny model;"
                    + " the model's own size for a folder)")
    Integer resolution;

    @Option(names = "--threads", converter = Count.Positive.class,
            description = "inference threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    ExecutionOptions execution;

    @Mixin
    DiffusionRunOptions diffusionRun;

    @Override
    public Integer call() {
        SchedulerName name = SchedulerName.parse(scheduler);
        int side = resolution != null ? resolution : folder == null ? TINY_RESOLUTION : 0;
        DiffusionOptions options = diffusionRun.options(execution.settings(threads)).withScheduler(name).withResolution(side);
        // Checked before the report starts, so that a bad --tiny prints only its error.
        TinyVariant variant = folder == null ? tinyVariant() : null;
        PrintWriter out = spec.commandLine().getOut();
        out.println(Processor.reportLine());
        if (variant != null) {
            out.println(DiffusionBenchmark.tiny(variant, options, steps, runs).toText());
            return 0;
        }
        try (DiffusionGenerator generator = DiffusionGenerator.open(folder, options)) {
            out.println(DiffusionBenchmark.run(generator, name, steps, runs).toText());
        }
        return 0;
    }

    private TinyVariant tinyVariant() {
        try {
            return TinyVariant.parse(tiny);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(new CommandLine(this), e.getMessage());
        }
    }
}
