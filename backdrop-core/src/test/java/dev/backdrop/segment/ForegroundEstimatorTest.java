package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;
import dev.backdrop.image.RgbaImage;
import dev.backdrop.testing.TestPhotos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decontamination of a photo larger than {@link ForegroundEstimator#COARSE_SIDE}, whose coarse pass
 * runs on a reduced copy: an orange disc with soft edges on saturated green, with its exact
 * coverage as alpha (no model), so only the estimator is under test. The fine pass, which runs on
 * tiles, is compared with blur-fusion over whole planes ({@link BlurFusionReference}).
 */
class ForegroundEstimatorTest {

    private static final int W = 2400;
    private static final int H = 1600;
    private static final int GREEN = 0x00D000;
    private static final int ORANGE = 0xE07828;

    private static RgbImage photo;
    private static Mask alpha;

    @BeforeAll
    static void softDiscOnGreen() {
        int[] px = new int[W * H];
        float[] a = new float[W * H];
        double cx = W / 2.0, cy = H / 2.0, radius = 600;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                // Coverage of the pixel by the disc, from a 4x4 grid of samples.
                int inside = 0;
                for (int sy = 0; sy < 4; sy++) {
                    for (int sx = 0; sx < 4; sx++) {
                        inside += Math.hypot(x + (sx + 0.5) / 4 - cx, y + (sy + 0.5) / 4 - cy) < radius ? 1 : 0;
                    }
                }
                float cover = inside / 16f;
                a[y * W + x] = cover;
                px[y * W + x] = PackedPixels.rgb(mix(ORANGE, GREEN, cover, 16), mix(ORANGE, GREEN, cover, 8),
                        mix(ORANGE, GREEN, cover, 0));
            }
        }
        photo = new RgbImage(W, H, px);
        alpha = new Mask(W, H, a);
    }

    private static int mix(int fg, int bg, float cover, int shift) {
        return Math.round(cover * ((fg >> shift) & 0xFF) + (1 - cover) * ((bg >> shift) & 0xFF));
    }

    @Test
    void theBorderCarriesNoGreenAndMatchesTheFullSizePass() {
        RgbaImage reduced = new ForegroundEstimator().estimate(photo, alpha);
        RgbaImage full = new ForegroundEstimator(Integer.MAX_VALUE).estimate(photo, alpha);

        double green = 0, difference = 0;
        int border = 0;
        for (int i = 0; i < W * H; i++) {
            float a = alpha.alpha()[i];
            if (a > 0.05f && a < 0.95f) {
                int p = reduced.pixels()[i], q = full.pixels()[i];
                int r = PackedPixels.red(p), g = PackedPixels.green(p), b = PackedPixels.blue(p);
                green += Math.max(0, g - Math.max(r, b) + (PackedPixels.green(ORANGE) - PackedPixels.red(ORANGE)));
                difference += Math.abs(r - PackedPixels.red(q)) + Math.abs(g - PackedPixels.green(q))
                        + Math.abs(b - PackedPixels.blue(q));
                border++;
            }
        }
        assertThat(border).as("border pixels").isGreaterThan(3000);
        assertThat(green / border).as("green above the subject's own, per border pixel").isLessThan(3);
        assertThat(difference / border / 3).as("mean |Δ| per channel against the full-size coarse pass").isLessThan(2);
    }

    @Test
    void opaquePixelsKeepThePhotosColourAndAlphaIsTheMasks() {
        RgbaImage reduced = new ForegroundEstimator().estimate(photo, alpha);
        int centre = (H / 2) * W + W / 2;
        assertThat(reduced.pixels()[centre]).isEqualTo(PackedPixels.argb(255, photo.pixels()[centre]));
        assertThat(PackedPixels.alpha(reduced.pixels()[0])).isZero();
    }

    @Test
    void theTiledFinePassMatchesBlurFusionOverWholePlanes() {
        // The disc's alpha is exactly 0 and 1 away from its edge, so most tiles are skipped.
        assertMatchesReference(photo, alpha);
    }

    @Test
    void aSoftMaskWithoutExactZerosOrOnesMatchesTooOnARealPhoto() {
        RgbImage cat = TestPhotos.load("chelsea.png");
        int w = cat.width(), h = cat.height();
        float[] a = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // A sigmoid of the distance to an ellipse: no pixel is exactly 0 or 1, as a model's raw output.
                double d = Math.hypot((x - w * 0.45) / (w * 0.3), (y - h * 0.55) / (h * 0.35)) - 1;
                a[y * w + x] = (float) (1 / (1 + Math.exp(d * 12)));
            }
        }
        assertMatchesReference(cat, new Mask(w, h, a));
    }

    @Test
    void aSmallSubjectLeavesTheRestTransparentBlackAndReachesIntoNeighbouringTiles() {
        RgbImage cat = TestPhotos.load("chelsea.png");
        int w = cat.width(), h = cat.height();
        float[] a = new float[w * h];
        // Just past the corner of the first 64-pixel tile: the fine window (6 pixels here) of the
        // pixels around it lies partly in three tiles that hold no alpha at all.
        for (int y = 66; y < 100; y++) {
            for (int x = 66; x < 110; x++) {
                boolean edge = y == 66 || y == 99 || x == 66 || x == 109;
                a[y * w + x] = edge ? 0.5f : 1f;
            }
        }
        Mask mask = new Mask(w, h, a);
        RgbaImage tiled = assertMatchesReference(cat, mask);
        int[] out = tiled.pixels();
        assertThat(out[(h - 1) * w + w - 1]).as("far from the subject").isZero();
        assertThat(out[80 * w + 80]).as("inside").isEqualTo(PackedPixels.argb(255, cat.pixels()[80 * w + 80]));
        assertThat(PackedPixels.alpha(out[66 * w + 80])).as("on the edge").isEqualTo(128);
        assertThat(out[62 * w + 62]).as("transparent, in the tile diagonally before, within reach of the edge")
                .isNotZero().matches(p -> PackedPixels.alpha(p) == 0);
    }

    private static RgbaImage assertMatchesReference(RgbImage image, Mask mask) {
        RgbaImage tiled = new ForegroundEstimator(Integer.MAX_VALUE).estimate(image, mask);
        RgbaImage reference = BlurFusionReference.estimate(image, mask);
        int differing = 0, largest = 0;
        for (int i = 0; i < tiled.pixels().length; i++) {
            int p = tiled.pixels()[i], q = reference.pixels()[i];
            if (p != q) {
                differing++;
                for (int shift = 0; shift < 32; shift += 8) {
                    largest = Math.max(largest, Math.abs(((p >>> shift) & 0xFF) - ((q >>> shift) & 0xFF)));
                }
            }
        }
        assertThat(differing).as("pixels that differ (largest difference %d levels)", largest).isZero();
        return tiled;
    }
}
