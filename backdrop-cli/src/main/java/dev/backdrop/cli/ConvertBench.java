package dev.backdrop.cli;

import dev.backdrop.diffusion.UnetBenchmark;
import dev.backdrop.diffusion.convert.ConversionSources;
import dev.backdrop.diffusion.convert.ModelConfig;
import dev.backdrop.diffusion.convert.PipelineConverter;
import dev.backdrop.diffusion.convert.RandomDiffusers;
import dev.backdrop.diffusion.convert.UnetConverter;
import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.graph.Precision;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.model.FetchProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Time the checkpoint converter and the converted UNet's steps.",
                "With DIR: convert that diffusers folder and report the time and the process's peak memory.",
                "With --random sd15-inpaint: write the sd15-inpaint preset's parts (pipeline, canny ControlNet,"
                        + " IP-Adapter and its ViT-H image encoder) of the published shapes with random weights (about"
                        + " 8.3 GB) and convert them; time the whole pipeline, each graph apart, with 'bench diffusion'"
                        + " on the converted folder (--lcm converts it as sd15-inpaint-fast runs: the LCM scheduler,"
                        + " 4 steps without guidance).",
                "With --random sdxl-unet: the same for SDXL inpainting's UNet alone (about 10 GB), one step at"
                        + " 1024x1024."})
final class ConvertBench implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "a diffusers folder to convert")
    Path source;

    @Option(names = "--random", paramLabel = "SHAPE", description = "sd15-inpaint or sdxl-unet")
    String random;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "bench/out/convert",
            description = "where the random checkpoint and the conversion go (default: ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--steps", converter = Count.Positive.class,
            defaultValue = "3", description = "UNet calls to time (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lcm", description = "--random sd15-inpaint: name the LCM scheduler, as sd15-inpaint-fast")
    boolean lcm;

    @Option(names = "--threads", converter = Count.Positive.class,
            paramLabel = "N", description = "inference threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        if ((source == null) == (random == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give a diffusers DIR or --random SHAPE");
        }
        out.println(Processor.reportLine());
        if (source != null) {
            Path target = work.resolve("onnx");
            double seconds = convert(() -> PipelineConverter.convert(ConversionSources.pipelineOnly(source), target,
                    FetchProgress.SILENT));
            out.printf(Locale.ROOT, "converted %s in %.2f s; peak RSS of this process %d MiB%n", source, seconds,
                    ProcessMemory.peakRssKiB("self") / 1024);
            return 0;
        }
        ExecutionSettings cpu = ExecutionSettings.cpu(threads);
        switch (random) {
            case "sd15-inpaint" -> {
                long start = System.nanoTime();
                long[] bytes = new long[1];
                ConversionSources sources = RandomDiffusers.writeSd15InpaintPreset(work.resolve("random-sd15-inpaint"), 1,
                        bytes).withLcmScheduler(lcm);
                out.printf(Locale.ROOT, "wrote %.2f GB of random weights of the sd15-inpaint preset's shapes in %.1f s%n",
                        bytes[0] / 1e9, (System.nanoTime() - start) / 1e9);
                Path target = work.resolve(lcm ? "onnx-sd15-inpaint-lcm" : "onnx-sd15-inpaint");
                double seconds = convert(() -> PipelineConverter.convert(sources, target, FetchProgress.SILENT));
                out.printf(Locale.ROOT, "converted in %.1f s; peak RSS of this process %d MiB (writing included)%n",
                        seconds, ProcessMemory.peakRssKiB("self") / 1024);
                // With a ControlNet the UNet takes its residuals, whose sizes only the ControlNet knows:
                // its steps are timed with the whole pipeline.
                out.println("time it: backdrop bench diffusion " + target + " (each graph's seconds per image)");
            }
            case "sdxl-unet" -> {
                Path folder = work.resolve("random-sdxl-unet");
                long start = System.nanoTime();
                long bytes = RandomDiffusers.writeUnet(RandomDiffusers.UnetShape.SDXL_INPAINT, folder, 1);
                out.printf(Locale.ROOT, "wrote %.2f GB of random SDXL inpainting UNet weights in %.1f s%n", bytes / 1e9,
                        (System.nanoTime() - start) / 1e9);
                Path target = work.resolve("onnx-sdxl-unet");
                double seconds = convert(() -> {
                    try (Checkpoint weights = Checkpoint.open(folder, "diffusion_pytorch_model", false)) {
                        UnetConverter.convert(ModelConfig.read(folder.resolve("config.json")), weights,
                                UnetConverter.Wiring.TEXT_ONLY, target, Precision.FLOAT32);
                    }
                });
                out.printf(Locale.ROOT, "converted in %.1f s; peak RSS of this process %d MiB (writing included)%n",
                        seconds, ProcessMemory.peakRssKiB("self") / 1024);
                report(out, UnetBenchmark.time(target, cpu, 128, 128, 2, steps), "1024x1024, batch 2");
            }
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--random is sd15-inpaint or sdxl-unet, not " + random);
        }
        return 0;
    }

    private static double convert(Runnable conversion) {
        long start = System.nanoTime();
        conversion.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private void report(java.io.PrintWriter out, UnetBenchmark.Timing t, String shape) {
        out.printf(Locale.ROOT, "UNet at %s on the CPU (%d threads): loaded in %.1f s; per call %s ms, median %.0f ms%n",
                shape, threads, t.loadMillis() / 1000, java.util.Arrays.toString(
                        java.util.Arrays.stream(t.callMillis()).mapToLong(Math::round).toArray()), t.median());
    }
}
