package dev.backdrop.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.backdrop.compose.AspectPreset;
import dev.backdrop.compose.CompositionOptions;
import dev.backdrop.compose.Placement;
import dev.backdrop.image.Box;
import dev.backdrop.image.RgbImage;
import dev.backdrop.reference.ReferenceGenerator;
import dev.backdrop.sample.DrawnProduct;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.testing.MaskDistance;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The presets deliver what their names promise, measured on the backdrop: the pixels more than
 * 6 px from the product's mask and off the shadow layer.
 */
class HonestPresetsTest {

    private static Pipeline pipeline;
    private static RgbImage coffee;
    private static RgbImage bottle;

    @BeforeAll
    static void build() {
        SceneGenerator scenes = new SceneGenerator();
        pipeline = new Pipeline(new CutoutMaker(TestModels.isnetFp16()), scenes, new ReferenceGenerator(scenes));
        coffee = TestPhotos.load("coffee.png");
        bottle = DrawnProduct.BOTTLE.draw(480, 480).image();
    }

    @Test
    void studioWhiteIsWhite() {
        for (RgbImage photo : new RgbImage[]{coffee, bottle}) {
            for (String prompt : new String[]{"studio white", "white background", "pure white studio backdrop"}) {
                ReplaceResult r = replace(photo, prompt, null);
                double luma = backdropLuma(r);
                assertThat(luma).as("%s on a %dx%d photo", prompt, photo.width(), photo.height())
                        .isGreaterThanOrEqualTo(245);
                assertThat(r.reading().isWhiteStudio()).isTrue();
            }
        }
        // Other studio colours are not pushed to white.
        assertThat(backdropLuma(replace(bottle, "pastel pink studio sweep", null))).isLessThan(240);
    }

    @Test
    void marketplaceIsPureWhiteLargeAndFilledAndSaysWhenItEnlargedTooMuch() {
        ReplaceResult small = replace(coffee, "dark wood", AspectPreset.MARKETPLACE.framing(600, 400, Placement.keep()));
        int side = small.image().width();
        assertThat(small.image().height()).isEqualTo(side);
        assertThat(side).isGreaterThanOrEqualTo(AspectPreset.MARKETPLACE_MIN_SIDE);
        Box product = Box.of(small.layers().mask(), 0.5f);
        assertThat((double) Math.max(product.width(), product.height()) / side).isCloseTo(0.85, offset(0.02));
        assertThat(whiteShare(small)).isGreaterThanOrEqualTo(0.98);
        // The 600x400 photo's saucer had to grow well over twice its size to fill 85% of 1600.
        assertThat(small.staging().scale()).isGreaterThan(2.0);
        assertThat(small.staging().upscaledTooMuch()).isTrue();

        RgbImage large = DrawnProduct.BOTTLE.draw(1800, 1800).image();
        ReplaceResult big = replace(large, "dark wood", AspectPreset.MARKETPLACE.framing(1800, 1800, Placement.keep()));
        assertThat(big.image().width()).isEqualTo(1800);
        assertThat(whiteShare(big)).isGreaterThanOrEqualTo(0.98);
        assertThat(big.staging().upscaledTooMuch()).isFalse();
    }

    private static ReplaceResult replace(RgbImage photo, String prompt, dev.backdrop.compose.Framing framing) {
        ReplaceRequest request = new ReplaceRequest(photo, prompt, "", null, 1, 11, null,
                CompositionOptions.DEFAULT.withLayers(true), framing);
        return pipeline.replace(request, PipelineObserver.NONE).get(0);
    }

    /** The backdrop: more than 6 px from any covered pixel and with no shadow on it. */
    private static java.util.function.IntPredicate backdrop(ReplaceResult r) {
        MaskDistance distance = MaskDistance.of(r.layers().mask(), 0.01f);
        int[] shadow = r.layers().shadow().pixels();
        return i -> distance.at(i) > 6 && (shadow[i] >>> 24) == 0;
    }

    private static double backdropLuma(ReplaceResult r) {
        java.util.function.IntPredicate keep = backdrop(r);
        int[] px = r.image().pixels();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < px.length; i++) {
            if (keep.test(i)) {
                sum += MaskDistance.luma(px[i] & 0xFFFFFF);
                n++;
            }
        }
        assertThat(n).as("backdrop pixels").isGreaterThan(px.length / 5);
        return sum / n;
    }

    private static double whiteShare(ReplaceResult r) {
        java.util.function.IntPredicate keep = backdrop(r);
        int[] px = r.image().pixels();
        int n = 0, white = 0;
        for (int i = 0; i < px.length; i++) {
            if (keep.test(i)) {
                n++;
                if ((px[i] & 0xFFFFFF) == 0xFFFFFF) white++;
            }
        }
        return (double) white / n;
    }
}
