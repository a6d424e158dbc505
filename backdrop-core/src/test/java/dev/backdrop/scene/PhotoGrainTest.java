package dev.backdrop.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.testing.Bottle;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class PhotoGrainTest {

    @Test
    void measuresTheGrainOfAFlatNoisyProduct() {
        Subject flat = noisy(Bottle.on(320, 320), 0);
        Subject grainy = noisy(Bottle.on(320, 320), 6);
        // Bottle's body has a soft highlight: the measure must not take shading for grain.
        assertThat(PhotoGrain.levels(flat.image(), flat.mask(), flat.box())).isLessThan(1f);
        assertThat(PhotoGrain.levels(grainy.image(), grainy.mask(), grainy.box()))
                .isCloseTo(6f, Percentage.withPercentage(20));
    }

    @Test
    void anEmptyMaskGivesTheDefault() {
        RgbImage img = new RgbImage(50, 50, new int[2500]);
        assertThat(PhotoGrain.levels(img, Mask.empty(50, 50), new Box(0, 0, 50, 50))).isEqualTo(PhotoGrain.DEFAULT_LEVELS);
    }

    @Test
    void theBackgroundCarriesTheProductsGrain() {
        SceneGenerator generator = new SceneGenerator();
        float clean = wallGrain(generator.build(BackgroundRequest.of(noisy(Bottle.on(320, 320), 0), "grey wall", "", 3)));
        float grainy = wallGrain(generator.build(BackgroundRequest.of(noisy(Bottle.on(320, 320), 5), "grey wall", "", 3)));
        assertThat(clean).isLessThan(1.5f);
        assertThat(grainy).isCloseTo(5f, Percentage.withPercentage(30));
    }

    /** The grain of the wall left of the product, measured as the photo's is. */
    private static float wallGrain(Scene scene) {
        RgbImage bg = scene.background();
        int top = 8, bottom = Math.round(scene.layout().horizonY()) - 12;
        float[] a = new float[bg.width() * bg.height()];
        Box region = new Box(8, top, 90, bottom - top);
        for (int y = region.y(); y < region.bottom(); y++) {
            Arrays.fill(a, y * bg.width() + region.x(), y * bg.width() + region.right(), 1f);
        }
        return PhotoGrain.levels(bg, new Mask(bg.width(), bg.height(), a), region);
    }

    /** The subject with Gaussian luma noise of {@code levels} added to every pixel. */
    private static Subject noisy(Subject s, double levels) {
        Random random = new Random(42);
        int[] px = s.image().pixels().clone();
        for (int i = 0; i < px.length; i++) {
            int n = (int) Math.round(random.nextGaussian() * levels);
            int r = clamp(((px[i] >> 16) & 0xFF) + n), g = clamp(((px[i] >> 8) & 0xFF) + n), b = clamp((px[i] & 0xFF) + n);
            px[i] = (r << 16) | (g << 8) | b;
        }
        return new Subject(new RgbImage(s.width(), s.height(), px), s.mask(), s.box());
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
