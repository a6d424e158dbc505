package dev.backdrop.diffusion;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.Box;
import dev.backdrop.background.Subject;
import dev.backdrop.diffusion.model.OnnxModel;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.tiny.TinyModels;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code backdrop bench diffusion}: times the denoising loop. Each step is timed from one step's
 * end to the next, and the time ONNX Runtime spends in the UNet (and ControlNet) is taken out, so
 * the rest is the pipeline's own overhead per step (latent scaling, tensor building, guidance,
 * the scheduler). On a tiny model this shows the overhead; on a real folder, steps per second.
 */
public final class DiffusionBenchmark {

    /**
     * @param model             the folder timed
     * @param width             working width in pixels
     * @param height            working height in pixels
     * @param secondsPerImage   a whole request, text encoding and VAE included
     * @param stepsPerSecond    denoising steps per second
     * @param unetMillis        mean time inside the UNet (and ControlNet) per step
     * @param overheadMillis    mean time per step outside them
     */
    public record Report(String model, String scheduler, int width, int height, int steps, int runs,
                         double secondsPerImage, double stepsPerSecond, double unetMillis, double overheadMillis) {

        /** Overhead as a share of the UNet time. */
        public double overheadShare() {
            return unetMillis == 0 ? 0 : overheadMillis / unetMillis;
        }

        public String toText() {
            return String.format(Locale.ROOT, "diffusion %s, %s, %dx%d, %d steps x %d runs: %.3f s/image, "
                            + "%.2f steps/s, UNet %.3f ms/step, pipeline overhead %.3f ms/step (%.1f%% of the UNet)",
                    model, scheduler, width, height, steps, runs, secondsPerImage, stepsPerSecond, unetMillis,
                    overheadMillis, 100 * overheadShare());
        }
    }

    private DiffusionBenchmark() {
    }

    /** Times {@code runs} requests of {@code steps} steps after one warm-up run. */
    public static Report run(DiffusionGenerator generator, SchedulerName scheduler, int steps, int runs) {
        BackgroundRequest request = request(steps);
        OnnxModel unet = generator.model().unet();
        var controlNet = generator.model().controlNet();
        long[] last = new long[2];
        double[] totals = new double[3]; // step nanos, model nanos, counted steps
        StepListener timer = (done, total) -> {
            long now = System.nanoTime();
            long model = unet.runNanos() + controlNet.map(OnnxModel::runNanos).orElse(0L);
            if (done > 1) {
                totals[0] += now - last[0];
                totals[1] += model - last[1];
                totals[2]++;
            }
            last[0] = now;
            last[1] = model;
        };
        DiffusionRun run = new DiffusionRun(scheduler, generator.options().controlNetWeight(), timer);
        generator.generate(request, 1, run);
        totals[0] = totals[1] = totals[2] = 0;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            generator.generate(request.withSeed(i), 1, run);
        }
        double seconds = (System.nanoTime() - start) / 1e9 / runs;
        int[] size = generator.workingSize(request.width(), request.height());
        double stepMillis = totals[2] == 0 ? 0 : totals[0] / totals[2] / 1e6;
        double unetMillis = totals[2] == 0 ? 0 : totals[1] / totals[2] / 1e6;
        return new Report(generator.model().dir().getFileName().toString(), scheduler.apiName(), size[0], size[1],
                steps, runs, seconds, stepMillis == 0 ? 0 : 1000 / stepMillis, unetMillis, stepMillis - unetMillis);
    }

    /**
     * The overhead benchmark on a tiny SD 1.5 inpainting folder written to a temporary folder,
     * at {@code resolution} pixels (square).
     */
    public static Report tiny(SchedulerName scheduler, int resolution, int steps, int runs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("backdrop-bench-tiny");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path folder = TinyModels.write(dir.resolve("tiny-" + TinyVariant.SD15_INPAINT.cliName()),
                    TinyVariant.SD15_INPAINT);
            DiffusionOptions options = DiffusionOptions.DEFAULT.withScheduler(scheduler).withResolution(resolution);
            try (DiffusionGenerator generator = DiffusionGenerator.open(folder, options)) {
                return run(generator, scheduler, steps, runs);
            }
        } finally {
            deleteQuietly(dir);
        }
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

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
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
            report = tiny(SchedulerName.EULER_A, 256, steps, runs);
        }
        System.out.println(report.toText());
    }
}
