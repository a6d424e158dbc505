package dev.backdrop.diffusion;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.Box;
import dev.backdrop.background.Subject;
import dev.backdrop.diffusion.model.ControlNetWiring;
import dev.backdrop.diffusion.model.OnnxModel;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.tiny.TinyModelSpec;
import dev.backdrop.diffusion.tiny.TinyModels;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.model.FolderTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * {@code backdrop bench diffusion}: times the denoising loop. A step is one pass of the loop (one
 * UNet call, with its ControlNet call if any), timed from one step's end to the next; the time ONNX
 * Runtime spends in the UNet (and ControlNet) is taken out, so the rest is the pipeline's own
 * overhead per step (latent scaling, tensor building, guidance, the scheduler, the progress
 * callback). The overhead is also measured as CPU time of the thread running the loop, less that
 * thread's CPU time inside the UNet: other work on the machine, which stretches wall time while
 * the thread waits for a core, does not count there. On a tiny model this shows the overhead; on
 * {@link TinyVariant#SD15_INPAINT_BENCH} its share of a step beside a UNet that does real work at
 * the real latent size; on a real folder, steps per second.
 */
public final class DiffusionBenchmark {

    /**
     * @param model             the folder timed
     * @param device            where the graphs ran, e.g. "CUDA device 0"
     * @param width             working width in pixels
     * @param height            working height in pixels
     * @param latentWidth       latent width the UNet sees
     * @param latentHeight      latent height the UNet sees
     * @param steps             inference steps asked for
     * @param stepsPerImage     loop steps (UNet calls) per image: more than {@code steps} for two-stage schedulers
     * @param secondsPerImage   a whole request, text encoding and VAE included
     * @param stepsPerSecond    loop steps per second
     * @param unetMillis        mean wall time inside the UNet (and ControlNet) per step
     * @param overheadMillis    mean wall time per step outside them
     * @param overheadCpuMillis mean CPU time per step of the loop's thread outside them
     * @param collections       garbage collections during the timed runs
     * @param unetNote          what the UNet timed is, for tiny folders; empty for a model folder
     */
    public record Report(String model, String scheduler, String device, int width, int height, int latentWidth,
                         int latentHeight, int steps, int stepsPerImage,
                         int runs, double secondsPerImage, double stepsPerSecond, double unetMillis,
                         double overheadMillis, double overheadCpuMillis, long collections, String unetNote,
                         Map<String, Double> graphSeconds) {

        Report withUnetNote(String note) {
            return new Report(model, scheduler, device, width, height, latentWidth, latentHeight, steps, stepsPerImage, runs,
                    secondsPerImage, stepsPerSecond, unetMillis, overheadMillis, overheadCpuMillis, collections, note,
                    graphSeconds);
        }

        /** Seconds per image inside each graph, and the rest (the pipeline's own work), in words. */
        public String graphsText() {
            StringBuilder text = new StringBuilder("per image:");
            double inGraphs = 0;
            for (Map.Entry<String, Double> e : graphSeconds.entrySet()) {
                text.append(String.format(Locale.ROOT, " %s %.3f s,", e.getKey(), e.getValue()));
                inGraphs += e.getValue();
            }
            return text.append(String.format(Locale.ROOT, " outside the graphs %.3f s", secondsPerImage - inGraphs))
                    .toString();
        }

        /** Overhead as a share of a whole step (UNet plus overhead), by wall time. */
        public double overheadShare() {
            double step = unetMillis + overheadMillis;
            return step == 0 ? 0 : overheadMillis / step;
        }

        /** The same share with the overhead counted as the loop thread's CPU time. */
        public double overheadCpuShare() {
            double step = unetMillis + overheadCpuMillis;
            return step == 0 ? 0 : overheadCpuMillis / step;
        }

        public String toText() {
            return String.format(Locale.ROOT, "diffusion %s, %s, on %s, %dx%d (latents %dx%d), %d steps (%d UNet calls)"
                            + " x %d runs: %.3f s/image, %.2f steps/s, UNet %.3f ms/step, pipeline overhead"
                            + " %.3f ms/step wall = %.2f%% of a step (%.3f ms/step CPU of the loop thread = %.2f%%),"
                            + " %d GCs",
                    model, scheduler, device, width, height, latentWidth, latentHeight, steps, stepsPerImage, runs,
                    secondsPerImage, stepsPerSecond, unetMillis, overheadMillis, 100 * overheadShare(),
                    overheadCpuMillis, 100 * overheadCpuShare(), collections)
                    + (graphSeconds.isEmpty() ? "" : "\n" + graphsText())
                    + (unetNote.isEmpty() ? "" : "\n" + unetNote);
        }
    }

    private DiffusionBenchmark() {
    }

    /** Times {@code runs} requests of {@code steps} steps after one warm-up run. */
    public static Report run(DiffusionGenerator generator, SchedulerName scheduler, int steps, int runs) {
        BackgroundRequest request = request(steps);
        OnnxModel unet = generator.model().unet();
        java.util.Optional<OnnxModel> controlNet = generator.model().controlNet() instanceof ControlNetWiring.Split split
                ? java.util.Optional.of(split.model()) : java.util.Optional.empty();
        long[] last = new long[3];
        double[] totals = new double[4]; // step nanos, model nanos, step CPU nanos outside the models, steps
        int[] perImage = new int[1];
        StepListener timer = (done, total) -> {
            long now = System.nanoTime();
            long cpu = OnnxModel.threadCpuNanos();
            long model = unet.runNanos() + controlNet.map(OnnxModel::runNanos).orElse(0L);
            long modelCpu = unet.runCpuNanos() + controlNet.map(OnnxModel::runCpuNanos).orElse(0L);
            if (done > 1) {
                totals[0] += now - last[0];
                totals[1] += model - last[1];
                totals[2] += (cpu - modelCpu) - last[2];
                totals[3]++;
            }
            last[0] = now;
            last[1] = model;
            last[2] = cpu - modelCpu;
            perImage[0] = total;
        };
        DiffusionRun run = new DiffusionRun(scheduler, generator.options().controlNetWeight(), timer);
        generator.generate(request, 1, run);
        Arrays.fill(totals, 0);
        List<OnnxModel> graphs = generator.model().graphs();
        long[] graphNanos = graphs.stream().mapToLong(OnnxModel::runNanos).toArray();
        long gcBefore = collections();
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            generator.generate(request.withSeed(i), 1, run);
        }
        double seconds = (System.nanoTime() - start) / 1e9 / runs;
        Map<String, Double> graphSeconds = new LinkedHashMap<>();
        for (int g = 0; g < graphs.size(); g++) {
            graphSeconds.merge(graphs.get(g).role(), (graphs.get(g).runNanos() - graphNanos[g]) / 1e9 / runs, Double::sum);
        }
        long gcs = collections() - gcBefore;
        int[] size = generator.workingSize(request.width(), request.height());
        double counted = totals[3];
        double stepMillis = counted == 0 ? 0 : totals[0] / counted / 1e6;
        double unetMillis = counted == 0 ? 0 : totals[1] / counted / 1e6;
        double cpuMillis = counted == 0 ? 0 : totals[2] / counted / 1e6;
        int vsf = generator.model().vaeScaleFactor();
        return new Report(generator.model().dir().getFileName().toString(), scheduler.apiName(),
                generator.options().execution().describe(), size[0], size[1],
                size[0] / vsf, size[1] / vsf, steps, perImage[0], runs, seconds, stepMillis == 0 ? 0 : 1000 / stepMillis, unetMillis,
                stepMillis - unetMillis, cpuMillis, gcs, "", graphSeconds);
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /**
     * The overhead benchmark on a tiny folder of {@code variant} written to a temporary folder, run
     * with {@code options} (its resolution: the working size, square; 0 for the variant's own).
     */
    public static Report tiny(TinyVariant variant, DiffusionOptions options, int steps, int runs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("backdrop-bench-tiny");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path folder = TinyModels.write(dir.resolve("tiny-" + variant.cliName()), variant);
            try (DiffusionGenerator generator = DiffusionGenerator.open(folder, options)) {
                Report report = run(generator, options.scheduler(), steps, runs);
                return report.withUnetNote(unetNote(variant.spec(), report));
            }
        } finally {
            FolderTree.delete(dir);
        }
    }

    /**
     * Multiply-adds of one call of a real SD 1.5 UNet per batch item at 64×64 latents, derived from
     * its published architecture (block widths 320, 640, 1280, 1280; two ResNet blocks and one
     * transformer per level; 8 heads; 77 text tokens of 768): about 222 G in convolutions, 117 G in
     * the attention and feed-forward projections and 63 G in the attention products themselves,
     * 402 G in all, rounded here.
     */
    public static final double SD15_UNET_MULTIPLY_ADDS = 400e9;

    /** What the UNet of a tiny folder is, so that nobody takes its timings for a real model's. */
    static String unetNote(TinyModelSpec spec, Report report) {
        if (spec.fullUnet()) {
            return String.format(Locale.ROOT, "UNet: SD 1.5's whole UNet layout at width %d (8 heads, GEGLU), random"
                    + " weights; cross-attention keys and values from %d-wide text tokens instead of 768: at width 320"
                    + " about the %.0f G multiply-adds per batch item per call of a real SD 1.5 UNet at 64x64 latents",
                    spec.unetWidth(), TinyModels.TEXT_HIDDEN, SD15_UNET_MULTIPLY_ADDS / 1e9);
        }
        if (spec.unetWidth() == 0) {
            return "UNet: the tiny random-weight graph (a few channels), which costs next to nothing: the overhead"
                    + " per step is real, its share of a step is not (see --tiny sd15-inpaint-bench)";
        }
        double perItem = TinyModels.benchUnetMultiplyAdds(spec, (long) report.latentWidth() * report.latentHeight());
        return String.format(Locale.ROOT, "UNet: the benchmark graph, random weights: SD 1.5's conv_in, first ResNet"
                        + " block and conv_out at their real width (%d channels), %.2f G multiply-adds per batch item"
                        + " per call here; a real SD 1.5 UNet does about %.0f G at 64x64 latents (%.0f times more),"
                        + " so a real step's overhead share is smaller still",
                spec.unetWidth(), perItem / 1e9, SD15_UNET_MULTIPLY_ADDS / 1e9,
                SD15_UNET_MULTIPLY_ADDS / TinyModels.benchUnetMultiplyAdds(spec, 64 * 64));
    }

    /** {@link #tiny(TinyVariant, DiffusionOptions, int, int)} on the tiny SD 1.5 inpainting folder, square. */
    public static Report tiny(SchedulerName scheduler, int resolution, int steps, int runs) {
        return tiny(TinyVariant.SD15_INPAINT, DiffusionOptions.DEFAULT.withScheduler(scheduler).withResolution(resolution),
                steps, runs);
    }

    /** A square canvas with a product in the middle third. */
    private static BackgroundRequest request(int steps) {
        int size = 512;
        int[] px = new int[size * size];
        float[] alpha = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inside = x >= size / 3 && x < 2 * size / 3 && y >= size / 3 && y < 2 * size / 3;
                px[y * size + x] = inside ? 0xC04020 : 0x808080;
                alpha[y * size + x] = inside ? 1f : 0f;
            }
        }
        Subject subject = new Subject(new RgbImage(size, size, px), new Mask(size, size, alpha),
                new Box(size / 3, size / 3, size / 3, size / 3));
        return new BackgroundRequest(subject, size, size, "a product on a marble table, soft light",
                "blurry, low quality", null, new BackgroundParameters(1.0, 0.6, 7.5, steps), 1);
    }

    /** {@code [FOLDER] [steps] [runs]}: a tiny model when no folder is given. */
    public static void main(String[] args) {
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Report report;
        if (args.length > 0 && !args[0].equals("-")) {
            try (DiffusionGenerator generator = DiffusionGenerator.open(Path.of(args[0]), DiffusionOptions.DEFAULT)) {
                report = run(generator, SchedulerName.EULER_A, steps, runs);
            }
        } else {
            report = tiny(SchedulerName.EULER_A, 512, steps, runs);
        }
        System.out.println(report.toText());
    }
}
