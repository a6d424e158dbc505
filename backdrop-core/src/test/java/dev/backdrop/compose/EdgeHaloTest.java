package dev.backdrop.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.Subject;
import dev.backdrop.filter.BoxBlur;
import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.sample.DrawnProduct;
import dev.backdrop.scene.SceneLayout;
import dev.backdrop.segment.CutoutMaker;
import dev.backdrop.segment.Cutout;
import dev.backdrop.testing.MaskDistance;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No halo: in the ring 1–3 px outside the product's outline (coverage ≥ ½) the composite's mean
 * luma is that of the new background just beyond (5–8 px out), on dark and light backgrounds.
 */
class EdgeHaloTest {

    /** The most the ring's mean luma may differ from the background beyond it, in 8-bit levels. */
    private static final double TOLERANCE = 4.0;

    private final Compositor compositor = new Compositor();

    @ParameterizedTest
    @ValueSource(ints = {0x181818, 0x3b2a20, 0xf4f4f4})
    void aDarkRimCutOutWithASoftMaskLeavesNoRingOfItsOldBackground(int background) {
        DrawnProduct.Photo mug = DrawnProduct.MUG.draw(320, 320);
        // A segmentation model's mask reaches a few pixels out over the old background, softly.
        float[] spread = mug.mask().alpha().clone();
        BoxBlur.gaussian(spread, 320, 320, 2.0f);
        float[] a = mug.mask().alpha().clone();
        for (int i = 0; i < a.length; i++) a[i] = Math.max(a[i], Math.min(1f, spread[i] * 1.6f));
        Mask soft = new Mask(320, 320, a);
        Subject subject = new Subject(mug.image(), soft, Box.of(soft, 0.5f));
        assertNoHalo(subject, background);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x181818, 0xf4f4f4})
    void theRealCoffeeCutOutLeavesNoRing(int background) {
        RgbImage coffee = TestPhotos.load("coffee.png");
        Cutout cut = new CutoutMaker(TestModels.isnetFp16()).cut(coffee);
        Subject subject = new Subject(coffee, cut.mask(), Box.of(cut.mask(), 0.5f), cut.image().rgb());
        assertNoHalo(subject, background);
    }

    private void assertNoHalo(Subject subject, int background) {
        int w = subject.width(), h = subject.height();
        int[] flat = new int[w * h];
        java.util.Arrays.fill(flat, background);
        Box b = subject.box();
        SceneLayout layout = new SceneLayout(w, h, b.bottom() - b.height() * 0.45f, b.bottom(), -0.5f, 0.6f, 0.5f,
                0.5f, 0f, 0xffffff);
        // Everything on but the shadow, which darkens the ring on purpose.
        CompositionOptions options = CompositionOptions.DEFAULT.withShadow(ShadowStyle.NONE);
        int[] out = compositor.compose(subject, new RgbImage(w, h, flat), layout, options).image().pixels();
        MaskDistance distance = MaskDistance.of(subject.mask(), 0.5f);
        double ring = distance.meanLuma(out, 1f, 3f, i -> true);
        double beyond = distance.meanLuma(out, 5f, 8f, i -> true);
        System.out.printf("halo ring: background %06x, ring %.1f, beyond %.1f%n", background, ring, beyond);
        assertThat(ring).as("ring luma against %.1f beyond", beyond)
                .isCloseTo(beyond, org.assertj.core.data.Offset.offset(TOLERANCE));
        assertThat(beyond).isCloseTo(MaskDistance.luma(background), org.assertj.core.data.Offset.offset(3.0));
    }
}
