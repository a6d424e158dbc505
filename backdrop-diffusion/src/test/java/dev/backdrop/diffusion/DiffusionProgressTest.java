package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.onnx.ExecutionSettings;
import dev.backdrop.diffusion.tiny.TinyVariant;
import dev.backdrop.image.RgbImage;
import dev.backdrop.pipeline.Pipeline;
import dev.backdrop.pipeline.PipelineObserver;
import dev.backdrop.pipeline.ReplaceRequest;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on the diffusion source, as the server wires it, with the real ISNet model and a
 * tiny model: the observer hears the cut-out, then every denoising step of the loop that makes
 * the samples together.
 */
class DiffusionProgressTest {

    private static BackgroundSources sources;
    private static Pipeline pipeline;
    private static RgbImage coffee;

    @BeforeAll
    static void open() {
        sources = BackgroundSources.diffusion(TinyFolders.of(TinyVariant.SD15_INPAINT),
                DiffusionOptions.DEFAULT.withExecution(ExecutionSettings.cpu(1)));
        pipeline = sources.pipeline(new CutoutMaker(TestModels.isnetFp16()));
        coffee = TestPhotos.load("coffee.png");
    }

    @AfterAll
    static void close() {
        sources.close();
    }

    @Test
    void everyStepOfTheBatchRaisesTheProgressOnce() {
        int samples = 3, steps = 4;
        List<Double> heard = replace(samples, new BackgroundParameters(1.0, 0.6, 7.5, steps, "DDIM", 0.9));

        // one value for the cut-out, then one per step of the one loop that denoises all 3 samples:
        // each step fills a step's part of every sample's share at once; the last step is the end
        assertThat(heard).hasSize(1 + steps);
        assertThat(heard.get(0)).isEqualTo(1.0 / (samples + 1));
        for (int d = 1; d <= steps; d++) {
            assertThat(heard.get(d)).as("step %d", d)
                    .isCloseTo((1 + samples * (double) d / steps) / (samples + 1), within(1e-12));
        }
        assertStrictlyRisingToOne(heard);
    }

    @Test
    void aWeakerStrengthRunsFewerStepsAndStillFillsEachSample() {
        int samples = 2, steps = 8;
        List<Double> heard = replace(samples, new BackgroundParameters(0.5, 0.6, 7.5, steps, "DDIM", 0.9));

        // strength 0.5 starts half way into the schedule: half the steps, each a bigger share
        assertThat(heard).hasSize(1 + steps / 2);
        assertThat(heard).contains(2.0 / 3, 1.0);
        assertStrictlyRisingToOne(heard);
    }

    private static List<Double> replace(int samples, BackgroundParameters parameters) {
        List<Double> heard = new ArrayList<>();
        ReplaceRequest request = new ReplaceRequest(coffee, "a marble table, soft light", "blurry", null, samples, 5,
                parameters, null, null);
        pipeline.replace(request, new PipelineObserver() {
            @Override
            public void progress(double done) {
                heard.add(done);
            }
        });
        return heard;
    }

    private static void assertStrictlyRisingToOne(List<Double> heard) {
        for (int i = 1; i < heard.size(); i++) {
            assertThat(heard.get(i)).as("value %d", i).isGreaterThan(heard.get(i - 1));
        }
        assertThat(heard).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        assertThat(heard.get(heard.size() - 1)).isEqualTo(1.0);
    }
}
