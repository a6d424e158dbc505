package dev.backdrop.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.background.Subject;
import dev.backdrop.image.Box;
import dev.backdrop.image.RgbImage;
import dev.backdrop.sample.DrawnProduct;
import dev.backdrop.scene.CameraAngle;
import dev.backdrop.scene.CameraEstimator;
import dev.backdrop.scene.SceneLayout;
import dev.backdrop.testing.MaskDistance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shadows start at the product's base with no gap, follow the light, and can be none, soft or hard. */
class ContactShadowTest {

    private static final int SIZE = 320;
    private static final int PAPER = 0xe0e0e0;
    private final Compositor compositor = new Compositor();

    @ParameterizedTest
    @EnumSource(value = DrawnProduct.class, names = {"BOTTLE", "MUG", "BOWL", "CARTON"})
    void theShadowTouchesTheBaseWithNoGap(DrawnProduct product) {
        Subject subject = drawn(product);
        int[] out = compose(subject, -0.6f, ShadowStyle.SOFT).image().pixels();
        float[] a = subject.mask().alpha();
        Box box = subject.box();
        int columns = 0;
        for (int x = box.x() + box.width() / 5; x < box.right() - box.width() / 5; x++) {
            int foot = -1;
            for (int y = box.bottom() - 1; y >= box.y(); y--) {
                if (a[y * SIZE + x] >= 0.5f) {
                    foot = y;
                    break;
                }
            }
            if (foot < box.bottom() - box.height() / 3) continue; // under a handle: not the base
            int first = foot + 1;
            while (first < SIZE && a[first * SIZE + x] > 0.01f) first++;
            assertThat(first - foot).as("column %d: the outline is sharp", x).isLessThanOrEqualTo(3);
            double touching = darkening(out, x, first);
            assertThat(touching).as("%s column %d: darkening right under the base", product, x).isGreaterThan(30);
            for (int y = first + 1; y < Math.min(SIZE, first + 16); y++) {
                assertThat(darkening(out, x, y)).as("%s column %d: no lighter gap before row %d", product, x, y)
                        .isLessThanOrEqualTo(touching + 2);
            }
            columns++;
        }
        assertThat(columns).isGreaterThan(box.width() / 3);
    }

    @Test
    void seenFromAboveTheCastShadowFallsAwayFromTheLight() {
        Subject bowl = drawn(DrawnProduct.BOWL);
        MaskDistance distance = MaskDistance.of(bowl.mask(), 0.01f);
        Box box = bowl.box();
        for (float lightX : new float[]{-0.7f, 0.7f}) {
            int[] out = compose(bowl, lightX, ShadowStyle.SOFT).image().pixels();
            double left = 0, right = 0;
            for (int i = 0; i < out.length; i++) {
                float d = distance.at(i);
                if (d < 2 || d > 30) continue;
                double dark = PAPER_LUMA - MaskDistance.luma(out[i]);
                if (i % SIZE < box.centerX()) left += dark; else right += dark;
            }
            if (lightX < 0) {
                assertThat(right).as("light from the left").isGreaterThan(left * 1.3);
            } else {
                assertThat(left).as("light from the right").isGreaterThan(right * 1.3);
            }
        }
    }

    @Test
    void hardShadowsHaveSharperEdgesThanSoftOnesAndNoneLeavesThePaper() {
        Subject bottle = drawn(DrawnProduct.BOTTLE);
        Composite soft = compose(bottle, -0.6f, ShadowStyle.SOFT);
        Composite hard = compose(bottle, -0.6f, ShadowStyle.HARD);
        Composite none = compose(bottle, -0.6f, ShadowStyle.NONE);
        assertThat(steepest(hard)).isGreaterThan(steepest(soft) * 1.3);
        MaskDistance distance = MaskDistance.of(bottle.mask(), 1e-6f);
        int[] px = none.image().pixels();
        for (int i = 0; i < px.length; i++) {
            if (distance.at(i) > 0) assertThat(px[i]).isEqualTo(PAPER);
        }
        Composite strong = compose(bottle, -0.6f, new ShadowStyle(ShadowStyle.Kind.SOFT, 1.0));
        assertThat(totalDarkening(strong)).isGreaterThan(totalDarkening(soft) * 1.3);
    }

    private static final double PAPER_LUMA = MaskDistance.luma(PAPER);

    private Composite compose(Subject subject, float lightX, ShadowStyle style) {
        CameraAngle camera = new CameraEstimator().estimate(subject.mask()).angle();
        Box b = subject.box();
        SceneLayout layout = new SceneLayout(SIZE, SIZE, b.bottom() - b.height() * 0.45f, b.bottom(), lightX, 0.55f,
                0.5f, 0.6f, 0f, 0xffffff).seenFrom(camera, b);
        CompositionOptions options = new CompositionOptions(true, style, false, false, 0, false, true);
        return compositor.compose(subject, flat(PAPER), layout, options);
    }

    private static double darkening(int[] px, int x, int y) {
        return PAPER_LUMA - MaskDistance.luma(px[y * SIZE + x]);
    }

    /** The largest change of shadow opacity between neighbouring pixels off the product. */
    private static double steepest(Composite c) {
        int[] s = c.layers().shadow().pixels();
        float[] a = c.layers().mask().alpha();
        double most = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 1; x < SIZE; x++) {
                int i = y * SIZE + x;
                if (a[i] > 0 || a[i - 1] > 0) continue;
                most = Math.max(most, Math.abs((s[i] >>> 24) - (s[i - 1] >>> 24)));
            }
        }
        return most;
    }

    private static double totalDarkening(Composite c) {
        double sum = 0;
        for (int p : c.layers().shadow().pixels()) sum += p >>> 24;
        return sum;
    }

    private static Subject drawn(DrawnProduct product) {
        DrawnProduct.Photo p = product.draw(SIZE, SIZE);
        return Subject.of(p.image(), p.mask());
    }

    private static RgbImage flat(int rgb) {
        int[] px = new int[SIZE * SIZE];
        java.util.Arrays.fill(px, rgb);
        return new RgbImage(SIZE, SIZE, px);
    }
}
