package dev.backdrop.cli;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.compose.CompositionOptions;
import dev.backdrop.compose.Compositor;
import dev.backdrop.compose.Framer;
import dev.backdrop.compose.Framing;
import dev.backdrop.compose.Placement;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.segment.Cutout;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Median times of the procedural background and of composition on one thread, per prompt, beside
 * the cut-out of the same photo. Besides wall time it reports the thread's own CPU time, the
 * honest figure on a machine shared with other work.
 */
@Command(name = "scene", mixinStandardHelpOptions = true,
        description = "Time background rendering and composition (one thread) against the cut-out, at SIZExSIZE.")
final class SceneBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final List<String> PROMPTS = List.of(
            "a professional photo of an object on a table made of dark Wood, dark wood countertop, award winning",
            "white marble table, soft light, pastel pink background",
            "linen tablecloth, window light",
            "on the sand at the beach, golden hour");

    @Parameters(arity = "0..1", paramLabel = "PHOTO", description = "the photo (default: bench/photos/coffee.png)")
    Path photo = Path.of("bench", "photos", "coffee.png");

    @Option(names = "--size", converter = Count.Positive.class, defaultValue = "1024", paramLabel = "PX",
            description = "the photo is framed onto a square canvas this wide (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--runs", converter = Count.Positive.class,
            defaultValue = "15", description = "timed runs per prompt (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", converter = Count.NonNegative.class,
            defaultValue = "5", description = "untimed runs per prompt (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--cutout-runs", converter = Count.Positive.class, defaultValue = "3",
            description = "timed cut-outs after one warm-up (default: ${DEFAULT-VALUE})")
    int cutoutRuns;

    @Option(names = "--cutout-threads", converter = Count.Positive.class, defaultValue = "1",
            description = "inference threads of the cut-out (default: ${DEFAULT-VALUE}, like the scenes)")
    int cutoutThreads;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "prompts to time (default: four of the contact sheet's)")
    List<String> prompts = PROMPTS;

    @Option(names = "--model", defaultValue = "isnet-fp16", description = "segmentation model (default: ${DEFAULT-VALUE})")
    String model;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println(Processor.reportLine());
        RgbImage original = new ImageDecoder().decode(photo).pixels().rgb();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean process =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Subject subject;
        double cutoutMs;
        double cutoutCpuMs;
        try (LocalPipeline local = new LocalPipeline(model, cutoutThreads)) {
            Pipeline pipeline = local.pipeline();
            // The photo on the benchmark's canvas, so the cut-out works on as many pixels as the scene.
            Cutout cut = pipeline.cutout(original);
            subject = new Framer().frame(original, cut.image().rgb(), cut.mask(),
                    new Framing(new Placement.KeepPosition(), size, size));
            RgbImage canvas = subject.image();
            pipeline.cutout(canvas);
            double[] wall = new double[cutoutRuns];
            double[] own = new double[cutoutRuns];
            for (int i = 0; i < cutoutRuns; i++) {
                // Inference runs on the runtime's own threads: count the whole process's CPU.
                long c0 = process.getProcessCpuTime();
                long t0 = System.nanoTime();
                pipeline.cutout(canvas);
                wall[i] = (System.nanoTime() - t0) / 1e6;
                own[i] = (process.getProcessCpuTime() - c0) / 1e6;
            }
            cutoutMs = CutoutBench.median(wall);
            cutoutCpuMs = CutoutBench.median(own);
        }

        out.printf(Locale.ROOT, "%s framed to %dx%d; scenes: medians of %d runs after %d warm-up, one thread%n",
                photo.getFileName(), size, size, runs, warmup);
        out.printf(Locale.ROOT, "cut-out (%s, %d inference thread%s, median of %d): %.1f ms wall,"
                        + " %.1f ms process CPU%n", model, cutoutThreads, cutoutThreads == 1 ? "" : "s", cutoutRuns,
                cutoutMs, cutoutCpuMs);
        out.printf(Locale.ROOT, "%-44s %10s %10s %10s %10s%n", "prompt (ms)", "background", "compose", "total",
                "thread cpu");
        SceneGenerator generator = new SceneGenerator();
        Compositor compositor = new Compositor();
        for (String prompt : prompts) {
            double[] background = new double[runs], compose = new double[runs], total = new double[runs],
                    own = new double[runs];
            for (int i = -warmup; i < runs; i++) {
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                Scene scene = generator.build(BackgroundRequest.of(subject, prompt, "", i));
                long t1 = System.nanoTime();
                compositor.compose(subject, scene.background(), scene.layout(), CompositionOptions.DEFAULT);
                long t2 = System.nanoTime();
                long c2 = cpu.getCurrentThreadCpuTime();
                if (i >= 0) {
                    background[i] = (t1 - t0) / 1e6;
                    compose[i] = (t2 - t1) / 1e6;
                    total[i] = (t2 - t0) / 1e6;
                    own[i] = (c2 - c0) / 1e6;
                }
            }
            out.printf(Locale.ROOT, "%-44.44s %10.1f %10.1f %10.1f %10.1f%n", prompt,
                    CutoutBench.median(background), CutoutBench.median(compose), CutoutBench.median(total),
                    CutoutBench.median(own));
        }
        return 0;
    }
}
