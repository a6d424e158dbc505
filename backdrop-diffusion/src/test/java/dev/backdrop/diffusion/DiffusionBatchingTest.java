package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.diffusion.scheduler.SchedulerName;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.scene.BackgroundSource;
import dev.backdrop.scene.Scene;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The samples of a request on the diffusion source, with the real ISNet model and a tiny model:
 * denoised together in as few loops as the batch memory allows, each the picture its seed makes
 * alone. The comparisons are exact: on CPU ONNX Runtime the tiny UNet gives every row of a batch
 * the same floats as that row run on its own (and the per-sample noise is drawn per seed), so a
 * batched background is the alone one to the last bit, not merely close to it.
 */
class DiffusionBatchingTest {

    private static final int SAMPLES = 3;
    private static final int STEPS = 4;
    private static final long SEED = 40;

    private static DiffusionGenerator generator;
    private static CutoutMaker cutouts;
    private static RgbImage coffee;
    private static List<ReplaceResult> alone;

    @BeforeAll
    static void open() {
        generator = DiffusionGenerator.open(TinyFolders.of(TinyVariant.SD15_INPAINT), DiffusionOptions.DEFAULT);
        cutouts = new CutoutMaker(TestModels.isnetFp16());
        coffee = TestPhotos.load("coffee.png");
        // Each sample in a loop of its own: a source that makes one background per call.
        AtomicInteger steps = new AtomicInteger();
        DiffusionBackgroundSource diffusion = new DiffusionBackgroundSource(generator, countingSteps(steps));
        BackgroundSource oneAtATime = diffusion::build;
        alone = new Pipeline(cutouts, oneAtATime, oneAtATime).replace(request(), PipelineObserver.NONE);
        assertThat(steps.get()).as("one loop per sample").isEqualTo(SAMPLES * STEPS);
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    @Test
    void threeSamplesMakeOneLoopWithThePicturesEachSeedMakesAlone() {
        AtomicInteger steps = new AtomicInteger();
        DiffusionBackgroundSource diffusion = new DiffusionBackgroundSource(generator, countingSteps(steps));
        List<ReplaceResult> batched = new Pipeline(cutouts, diffusion, diffusion).replace(request(),
                PipelineObserver.NONE);

        assertThat(steps.get()).as("steps x 1, not steps x %d", SAMPLES).isEqualTo(STEPS);
        assertSameResults(batched);
    }

    @Test
    void theBatchMemorySplitsTheSamplesIntoLoopsAndTheProgressSpansThem() {
        AtomicInteger steps = new AtomicInteger();
        long twoSamples = 2 * generator.sampleBytes(backgroundRequest());
        DiffusionBackgroundSource diffusion =
                new DiffusionBackgroundSource(generator, countingSteps(steps), twoSamples);
        assertThat(diffusion.batch(backgroundRequest())).isEqualTo(2);
        List<Double> heard = new ArrayList<>();
        List<ReplaceResult> split = new Pipeline(cutouts, diffusion, diffusion).replace(request(),
                new PipelineObserver() {
                    @Override
                    public void progress(double done) {
                        heard.add(done);
                    }
                });

        assertThat(steps.get()).as("a loop of 2 samples, then one of 1").isEqualTo(2 * STEPS);
        assertSameResults(split);
        // quarters: the cut-out, then each step of the first loop moves two samples' quarters by a
        // quarter of a step each; its compositions are then passed; the second loop moves one
        List<Double> expected = new ArrayList<>(List.of(0.25));
        for (int d = 1; d <= STEPS; d++) {
            expected.add((1 + 2.0 * d / STEPS) / 4);
        }
        for (int d = 1; d <= STEPS; d++) {
            expected.add((3 + (double) d / STEPS) / 4);
        }
        assertThat(heard).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(heard.get(i)).as("value %d", i).isCloseTo(expected.get(i), within(1e-12));
        }
    }

    @Test
    void theSourceAskedForMoreSamplesThanItsBatchRunsSeveralLoopsWithTheSameBackgrounds() {
        BackgroundRequest request = TinyFolders.request(71, STEPS);
        AtomicInteger steps = new AtomicInteger();
        DiffusionBackgroundSource diffusion = new DiffusionBackgroundSource(generator, countingSteps(steps),
                2 * generator.sampleBytes(request));
        List<Double> heard = new ArrayList<>();
        List<Scene> scenes = diffusion.build(request, SAMPLES, heard::add);

        assertThat(steps.get()).isEqualTo(2 * STEPS);
        List<RgbImage> oneLoop = generator.generate(request, SAMPLES, run(new AtomicInteger()));
        assertThat(scenes).hasSize(SAMPLES);
        for (int k = 0; k < SAMPLES; k++) {
            assertThat(scenes.get(k).background().pixels()).as("sample %d", k).isEqualTo(oneLoop.get(k).pixels());
        }
        // the first loop fills two thirds, the second the last third
        assertThat(heard).hasSize(2 * STEPS);
        assertThat(heard.get(STEPS - 1)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(heard.get(2 * STEPS - 1)).isCloseTo(1.0, within(1e-12));
        assertThat(heard).isSorted();
    }

    private static void assertSameResults(List<ReplaceResult> results) {
        assertThat(results).hasSize(SAMPLES);
        for (int k = 0; k < SAMPLES; k++) {
            assertThat(results.get(k).sample()).isEqualTo(k);
            assertThat(results.get(k).seed()).isEqualTo(SEED + k);
            assertThat(results.get(k).image().pixels()).as("sample %d", k).isEqualTo(alone.get(k).image().pixels());
        }
        assertThat(results.get(1).image().pixels()).as("other seeds, other pictures")
                .isNotEqualTo(results.get(0).image().pixels());
    }

    /** Euler a: stochastic, so every step also draws each sample's noise from its own seed. */
    private static DiffusionRun run(AtomicInteger steps) {
        return new DiffusionRun(SchedulerName.EULER_A, 0.5, (done, total) -> steps.incrementAndGet());
    }

    private static Function<BackgroundRequest, DiffusionRun> countingSteps(AtomicInteger steps) {
        return request -> run(steps);
    }

    private static BackgroundParameters parameters() {
        return new BackgroundParameters(1.0, 0.6, 7.5, STEPS);
    }

    private static ReplaceRequest request() {
        return new ReplaceRequest(coffee, "a marble table, soft light", "blurry", null, SAMPLES, SEED, parameters(),
                null, null);
    }

    /** A background request of the size the pipeline makes for the photo (its own canvas). */
    private static BackgroundRequest backgroundRequest() {
        int w = coffee.width(), h = coffee.height();
        Subject subject = new Subject(coffee, new Mask(w, h, new float[w * h]), new Box(0, 0, w, h));
        return new BackgroundRequest(subject, w, h, "a marble table, soft light", "blurry", null, parameters(), SEED);
    }
}
