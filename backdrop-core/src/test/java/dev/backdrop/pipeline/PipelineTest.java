package dev.backdrop.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.RgbImage;
import dev.backdrop.reference.ReferenceGenerator;
import dev.backdrop.scene.BackgroundProgress;
import dev.backdrop.scene.BackgroundSource;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole path with the real model on a real photo. */
class PipelineTest {

    private static final String DARK_WOOD = "a professional photo of an object on a table made of dark Wood, "
            + "dark wood countertop, hd dark Wood wallpaper, award winning photography";

    private static CutoutMaker cutouts;
    private static Pipeline pipeline;
    private static RgbImage coffee;

    @BeforeAll
    static void build() {
        SceneGenerator scenes = new SceneGenerator();
        cutouts = new CutoutMaker(TestModels.isnetFp16());
        pipeline = new Pipeline(cutouts, scenes, new ReferenceGenerator(scenes));
        coffee = TestPhotos.load("coffee.png");
    }

    @Test
    void samplesHaveConsecutiveSeedsKeepTheProductAndDiffer() {
        List<Double> progress = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        List<ReplaceResult> results = pipeline.replace(ReplaceRequest.of(coffee, DARK_WOOD, "yellow wall", 2, 1234),
                new PipelineObserver() {
                    @Override
                    public void progress(double done) {
                        progress.add(done);
                    }

                    @Override
                    public void stage(String stage, long nanos) {
                        stages.add(stage);
                    }
                });
        assertThat(results).hasSize(2);
        assertThat(results.get(0).seed()).isEqualTo(1234);
        assertThat(results.get(1).seed()).isEqualTo(1235);
        assertThat(progress).isSorted().last().isEqualTo(1.0);
        assertThat(stages).contains("segment", "background", "compose");
        for (ReplaceResult r : results) {
            assertThat(r.image().width()).isEqualTo(600);
            assertThat(r.reading().surface().name()).containsIgnoringCase("wood");
            assertThat(r.fidelity()).isNotNull();
            // The cup's centre is product: exactly the photo's pixels.
            assertThat(r.image().pixels()[150 * 600 + 290] & 0xFFFFFF).isEqualTo(coffee.pixels()[150 * 600 + 290]);
        }
        int differing = 0;
        for (int i = 0; i < coffee.pixels().length; i++) {
            if (results.get(0).image().pixels()[i] != results.get(1).image().pixels()[i]) {
                differing++;
            }
        }
        assertThat(differing).as("different seeds, different backgrounds").isGreaterThan(10_000);
        // The table corner is background now, not the photo's wooden table as it was.
        assertThat(results.get(0).image().pixels()[5 * 600 + 5] & 0xFFFFFF).isNotEqualTo(coffee.pixels()[5 * 600 + 5]);
    }

    @Test
    void theSameSeedGivesTheSamePixels() {
        ReplaceResult a = pipeline.replace(ReplaceRequest.of(coffee, "white marble, soft light", "", 1, 77),
                PipelineObserver.NONE).get(0);
        ReplaceResult b = pipeline.replace(ReplaceRequest.of(coffee, "white marble, soft light", "", 1, 77),
                PipelineObserver.NONE).get(0);
        assertThat(a.image().pixels()).isEqualTo(b.image().pixels());
    }

    @Test
    void transparentReturnsTheCutOut() {
        List<ReplaceResult> results = pipeline.replace(ReplaceRequest.of(coffee, " Transparent ", "", 2, -1),
                PipelineObserver.NONE);
        assertThat(results).hasSize(2).allMatch(ReplaceResult::isCutout);
        assertThat(results.get(0).seed()).isBetween(0L, Pipeline.MAX_SEED + 1);
        assertThat(results.get(0).image().pixels()[0] >>> 24).as("corner transparent").isLessThan(20);
        assertThat(results.get(0).image().pixels()[150 * 600 + 290] >>> 24).isEqualTo(255);
    }

    @Test
    void aSourceThatTakesSamplesInPairsGetsThemInOrderWithTheirSeedsAndGivesTheSamePictures() {
        SceneGenerator scenes = new SceneGenerator();
        List<Long> batchesAskedAt = new ArrayList<>();
        List<Long> built = new ArrayList<>();
        BackgroundSource pairs = new BackgroundSource() {
            @Override
            public Scene build(BackgroundRequest request) {
                built.add(request.seed());
                return scenes.build(request);
            }

            @Override
            public Scene build(BackgroundRequest request, BackgroundProgress progress) {
                progress.made(0.5);
                return build(request);
            }

            @Override
            public int batch(BackgroundRequest request) {
                batchesAskedAt.add(request.seed());
                return 2;
            }
        };
        List<Double> progress = new ArrayList<>();
        ReplaceRequest request = ReplaceRequest.of(coffee, DARK_WOOD, "", 3, 500);
        List<ReplaceResult> paired = new Pipeline(cutouts, pairs, pairs).replace(request, new PipelineObserver() {
            @Override
            public void progress(double done) {
                progress.add(done);
            }
        });
        List<ReplaceResult> single = pipeline.replace(request, PipelineObserver.NONE);

        // samples 0-1, then 2 (what is left); each sample's own seed, in order
        assertThat(batchesAskedAt).containsExactly(500L, 502L);
        assertThat(built).containsExactly(500L, 501L, 502L);
        assertThat(paired).extracting(ReplaceResult::sample).containsExactly(0, 1, 2);
        assertThat(paired).extracting(ReplaceResult::seed).containsExactly(500L, 501L, 502L);
        for (int k = 0; k < 3; k++) {
            assertThat(paired.get(k).image().pixels()).as("sample %d", k).isEqualTo(single.get(k).image().pixels());
        }
        // quarters: the cut-out, then each sample; the pair's halves land inside its two quarters
        // (3/8 and 5/8), its first composition (2/4) is already passed, its second gives 3/4
        assertThat(progress).containsExactly(0.25, 0.375, 0.625, 0.75, 0.875, 1.0);
    }
}
