package dev.backdrop.diffusion;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.RgbImage;
import dev.backdrop.scene.BackgroundProgress;
import dev.backdrop.scene.BackgroundSource;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.scene.SceneLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The diffusion background source, around a {@link DiffusionGenerator}: the picture comes from
 * the model, the prompt's reading from the scene reader (shown to users), and the light layout is
 * the neutral one, since nothing is known about where the model put its horizon. Each finished denoising step is reported
 * as the share of the background made, so a job's progress rises step by step within a sample.
 *
 * <p>Samples of one request are denoised together, in one loop, as many at a time as fit in the
 * batch memory: the most samples whose {@link DiffusionGenerator#sampleBytes estimated tensors}
 * add up to no more than {@code batchBytes}, and at least one. The default budget is an eighth of
 * the JVM's heap limit ({@link #defaultBatchBytes()}), leaving the rest to the other requests a
 * server runs at once and to the photos and results in flight. An SD 1.5 inpainting request at
 * 512² for a 1024² canvas estimates about 6 MiB a sample, an SDXL ControlNet one at 1024² about
 * 36 MiB, so with a heap of 2 GiB or more (256 MiB for the batch) the API's 4 samples make one
 * loop unless the working size is much larger. The UNet's working memory is bounded apart from
 * this, by {@link DiffusionOptions#maxBatch()} rows per call. A batched sample is the same
 * picture as the sample made alone with its seed (see
 * {@link DiffusionGenerator#generate(BackgroundRequest, int, DiffusionRun)}).
 */
public final class DiffusionBackgroundSource implements BackgroundSource {

    private final DiffusionGenerator generator;
    private final Function<BackgroundRequest, DiffusionRun> runs;
    private final long batchBytes;
    private final SceneGenerator reader = new SceneGenerator();

    /** Every request runs with the generator's default scheduler and ControlNet weight. */
    public DiffusionBackgroundSource(DiffusionGenerator generator) {
        this(generator, request -> DiffusionRun.of(generator.options()));
    }

    /** {@code runs} picks the scheduler, ControlNet weight and step listener per request. */
    public DiffusionBackgroundSource(DiffusionGenerator generator, Function<BackgroundRequest, DiffusionRun> runs) {
        this(generator, runs, defaultBatchBytes());
    }

    /** @param batchBytes the memory a denoising loop's batch may take (see the class comment) */
    public DiffusionBackgroundSource(DiffusionGenerator generator, Function<BackgroundRequest, DiffusionRun> runs,
                                long batchBytes) {
        if (batchBytes < 1) {
            throw new IllegalArgumentException("batch memory must be positive, got " + batchBytes);
        }
        this.generator = generator;
        this.runs = runs;
        this.batchBytes = batchBytes;
    }

    /** An eighth of the most heap this JVM will use. */
    public static long defaultBatchBytes() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    @Override
    public Scene build(BackgroundRequest request) {
        return build(request, BackgroundProgress.NONE);
    }

    @Override
    public Scene build(BackgroundRequest request, BackgroundProgress progress) {
        return build(request, 1, progress).get(0);
    }

    /** The most samples of {@code request} one denoising loop takes within the batch memory. */
    @Override
    public int batch(BackgroundRequest request) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, batchBytes / generator.sampleBytes(request)));
    }

    /**
     * The samples in as few denoising loops as the batch memory allows, each loop's steps moving
     * {@code progress} across its samples' part.
     */
    @Override
    public List<Scene> build(BackgroundRequest request, int samples, BackgroundProgress progress) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        }
        int batch = batch(request);
        List<Scene> scenes = new ArrayList<>(samples);
        for (int from = 0; from < samples; from += batch) {
            int count = Math.min(batch, samples - from);
            BackgroundRequest first = request.withSeed(request.seed() + from);
            DiffusionRun run = runs.apply(first);
            int done = from;
            StepListener steps = run.listener().andThen((step, total) ->
                    progress.made((done + count * (double) step / total) / samples));
            List<RgbImage> backgrounds = generator.generate(first, count, run.withListener(steps));
            for (int k = 0; k < count; k++) {
                BackgroundRequest sample = first.withSeed(first.seed() + k);
                scenes.add(new Scene(reader.describe(sample),
                        SceneLayout.neutral(request.width(), request.height(), request.subject().box()),
                        backgrounds.get(k)));
            }
        }
        return scenes;
    }
}
