package dev.backdrop.compose;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.Box;
import dev.backdrop.background.Subject;
import dev.backdrop.image.RgbImage;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.scene.SceneLayout;
import dev.backdrop.testing.Bottle;
import dev.backdrop.testing.Photos;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CompositorTest {

    private final Compositor compositor = new Compositor();
    private final Subject bottle = Bottle.on(320, 320);

    @Test
    void preserveProductKeepsEveryFullyCoveredPixelExact() {
        Subject cup = new Framer().frame(Photos.read("coffee.png"), Photos.coffeeMask(), Framing.original(600, 400));
        // A strongly blue scene gives harmonisation and light wrap every reason to touch the product.
        Scene scene = new SceneGenerator().build(BackgroundRequest.of(cup, "deep blue wall, neon, glass", "", 1));
        Composite c = compositor.compose(cup, scene.background(), scene.layout(), CompositionOptions.DEFAULT);
        int[] in = cup.image().pixels(), out = c.image().pixels();
        float[] a = cup.mask().alpha();
        int covered = 0;
        for (int i = 0; i < in.length; i++) {
            if (a[i] >= 1f) {
                covered++;
                assertThat(out[i]).as("pixel %d", i).isEqualTo(in[i]);
            }
        }
        assertThat(covered).isGreaterThan(50_000);
        assertThat(c.fidelity().ssim()).isGreaterThan(0.95);
        assertThat(c.fidelity().meanDeltaE2000()).isLessThan(1.0);

        Composite loose = compositor.compose(cup, scene.background(), scene.layout(),
                CompositionOptions.DEFAULT.withPreserveProduct(false));
        long changed = 0;
        for (int i = 0; i < in.length; i++) {
            if (a[i] >= 1f && loose.image().pixels()[i] != in[i]) changed++;
        }
        assertThat(changed).as("harmonisation moves the product when allowed").isGreaterThan(covered / 2);
        assertThat(loose.fidelity().meanDeltaE2000()).isGreaterThan(c.fidelity().meanDeltaE2000());
    }

    @Test
    void shadowFallsOnTheSideAwayFromTheLight() {
        RgbImage plain = flat(320, 320, 0xd0d0d0);
        for (float lightX : new float[]{-0.8f, 0.8f}) {
            SceneLayout layout = layout(lightX, 0.35f, 0f);
            Composite c = compositor.compose(bottle, plain, layout, CompositionOptions.DEFAULT.withLayers(true));
            float[] darkness = shadowAlpha(c);
            Box box = bottle.box();
            double left = 0, right = 0;
            for (int y = 0; y < 320; y++) {
                for (int x = 0; x < 320; x++) {
                    if (bottle.mask().at(x, y) > 0f) continue;
                    double d = darkness[y * 320 + x];
                    if (x < box.centerX()) left += d; else right += d;
                }
            }
            if (lightX < 0) {
                assertThat(right).as("light from the left").isGreaterThan(left * 2);
            } else {
                assertThat(left).as("light from the right").isGreaterThan(right * 2);
            }
        }
    }

    @Test
    void contactShadowDarkensTheSurfaceRightUnderTheFoot() {
        RgbImage plain = flat(320, 320, 0xd0d0d0);
        Composite c = compositor.compose(bottle, plain, layout(-0.5f, 0.6f, 0f), CompositionOptions.DEFAULT);
        Box box = bottle.box();
        int under = c.image().rgb((int) box.centerX(), box.bottom() + 1) & 0xFF;
        int far = c.image().rgb(10, box.bottom() + 1) & 0xFF;
        assertThat(under).isLessThan(far - 30);
        Composite none = compositor.compose(bottle, plain, layout(-0.5f, 0.6f, 0f),
                CompositionOptions.DEFAULT.withShadow(false));
        assertThat(none.image().rgb((int) box.centerX(), box.bottom() + 1) & 0xFF).isEqualTo(0xd0);
    }

    @Test
    void glossySurfacesMirrorTheProduct() {
        RgbImage plain = flat(320, 320, 0xf0f0f0);
        CompositionOptions noShadow = CompositionOptions.DEFAULT.withShadow(false);
        Box box = bottle.box();
        int x = (int) box.centerX(), y = box.bottom() + 6;
        int matte = compositor.compose(bottle, plain, layout(-0.5f, 0.5f, 0f), noShadow).image().rgb(x, y);
        int glossy = compositor.compose(bottle, plain, layout(-0.5f, 0.5f, 0.4f), noShadow).image().rgb(x, y);
        assertThat(matte).isEqualTo(0xf0f0f0);
        // The green bottle shows in the reflection: red drops more than green.
        int dr = 0xf0 - ((glossy >> 16) & 0xFF), dg = 0xf0 - ((glossy >> 8) & 0xFF);
        assertThat(dr).isGreaterThan(20).isGreaterThan(dg);
    }

    @Test
    void layersAddUpToTheResult() {
        Scene scene = new SceneGenerator().build(BackgroundRequest.of(bottle, "marble, soft light", "", 3));
        Composite c = compositor.compose(bottle, scene.background(), scene.layout(),
                CompositionOptions.DEFAULT.withLayers(true));
        Layers l = c.layers();
        assertThat(l.composite()).isSameAs(c.image());
        assertThat(l.background()).isSameAs(scene.background());
        assertThat(l.mask()).isSameAs(bottle.mask());
        int inside = bottle.box().y() * 320 + 160 + 320 * 100;
        assertThat(l.cutout().pixels()[inside] >>> 24).isEqualTo(255);
        assertThat(l.cutout().pixels()[5] >>> 24).isZero();
        assertThat(Arrays.stream(l.shadow().pixels()).filter(p -> (p >>> 24) > 40).count()).isGreaterThan(100);
        assertThat(compositor.compose(bottle, scene.background(), scene.layout(), CompositionOptions.DEFAULT).layers())
                .isNull();
    }

    @Test
    void fidelityOfAnUntouchedProductIsPerfectAndOfAChangedOneIsNot() {
        FidelityMeter meter = new FidelityMeter();
        Fidelity same = meter.measure(bottle.image(), bottle.image(), bottle.mask());
        assertThat(same.meanDeltaE2000()).isZero();
        assertThat(same.ssim()).isEqualTo(1.0);
        int[] shifted = bottle.image().pixels().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = Math.min(255, ((shifted[i] >> 16) & 0xFF) + 40) << 16 | (shifted[i] & 0xFFFF);
        }
        Fidelity off = meter.measure(bottle.image(), new RgbImage(320, 320, shifted), bottle.mask());
        assertThat(off.meanDeltaE2000()).isGreaterThan(5);
        assertThat(off.pixels()).isEqualTo(same.pixels()).isGreaterThan(1000);
    }

    @Test
    void deltaEOverManyChangedPixelsIsEstimatedCloseToTheExactMean() {
        // 600x600 product, every pixel changed by a random amount: far more than the meter measures one by one.
        int w = 600, h = 600;
        java.util.Random random = new java.util.Random(7);
        int[] in = new int[w * h], out = new int[w * h];
        float[] alpha = new float[w * h];
        double exact = 0;
        double[] lab1 = new double[3], lab2 = new double[3];
        for (int i = 0; i < in.length; i++) {
            in[i] = random.nextInt(1 << 24);
            int d = random.nextInt(30);
            out[i] = in[i] ^ (d | (random.nextInt(4) << 8));
            alpha[i] = 1f;
            CieLab.of(in[i], lab1);
            CieLab.of(out[i], lab2);
            exact += CieLab.deltaE2000(lab1, lab2);
        }
        exact /= in.length;
        Fidelity f = new FidelityMeter().measure(new RgbImage(w, h, in), new RgbImage(w, h, out),
                new dev.backdrop.image.Mask(w, h, alpha));
        assertThat(in.length).isGreaterThan(10 * FidelityMeter.DELTA_E_SAMPLES);
        assertThat(f.meanDeltaE2000()).isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(f.pixels()).isEqualTo(in.length);
    }

    @Test
    void partlyCoveredEdgePixelsTakeTheProductsColourNotTheOldBackgrounds() {
        // The photo's edge pixels mix the red product with its old green background by the mask, as a
        // camera's do; composed on white, they must mix red with white only.
        int w = 64, h = 64;
        int[] photo = new int[w * h];
        float[] a = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                a[i] = x < 20 ? 1f : x < 30 ? (30 - x) / 10f : 0f;
                float al = a[i];
                photo[i] = (Math.round(0xC0 * al + 0x10 * (1 - al)) << 16) | (Math.round(0x10 * al + 0xC0 * (1 - al)) << 8)
                        | 0x10;
            }
        }
        dev.backdrop.image.Mask mask = new dev.backdrop.image.Mask(w, h, a);
        Subject cut = new Subject(new RgbImage(w, h, photo), mask, Box.of(mask, 0.5f));
        RgbImage white = flat(w, h, 0xFFFFFF);
        CompositionOptions plain = new CompositionOptions(true, false, false, false, 0, false, false);
        int[] out = compositor.compose(cut, white, layout(0f, 0.5f, 0f), plain).image().pixels();
        for (int x = 21; x < 30; x++) {
            int p = out[32 * w + x];
            float al = a[32 * w + x];
            int red = (p >> 16) & 0xFF, green = (p >> 8) & 0xFF;
            if (al >= 0.5f) {
                // At least half covered: blended by the mask's own coverage.
                assertThat(green).as("green at x=%d", x).isCloseTo(Math.round(0x10 * al + 255 * (1 - al)),
                        org.assertj.core.data.Offset.offset(2));
            }
            // Every edge pixel lies on the line from red to white: no green of the old background.
            float cover = (255 - green) / (255f - 0x10);
            assertThat(red).as("red at x=%d", x).isCloseTo(Math.round(0xC0 * cover + 255 * (1 - cover)),
                    org.assertj.core.data.Offset.offset(2));
        }
    }

    @Test
    void rejectsABackgroundOfAnotherSize() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> compositor.compose(bottle, flat(10, 10, 0),
                        layout(0f, 0.5f, 0f), CompositionOptions.DEFAULT))
                .isInstanceOf(InvalidCompositionException.class)
                .hasMessageContaining("10x10");
    }

    private SceneLayout layout(float lightX, float elevation, float reflectivity) {
        Box b = bottle.box();
        return new SceneLayout(320, 320, b.bottom() - b.height() * 0.4f, b.bottom(), lightX, elevation, 0.4f, 0.7f,
                reflectivity, 0xffffff);
    }

    private static float[] shadowAlpha(Composite c) {
        int[] px = c.layers().shadow().pixels();
        float[] out = new float[px.length];
        for (int i = 0; i < px.length; i++) out[i] = (px[i] >>> 24) / 255f;
        return out;
    }

    static RgbImage flat(int w, int h, int rgb) {
        int[] px = new int[w * h];
        Arrays.fill(px, rgb);
        return new RgbImage(w, h, px);
    }

}
