package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.image.RgbaImage;
import dev.backdrop.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A known, softly edged foreground composed over saturated green, cut out with the real model and
 * placed on white: the border must not carry the green.
 */
class DecontaminationTest {

    private static final int W = 480;
    private static final int H = 480;
    private static final int GREEN = 0x00D000;

    private static RgbImage photo;
    private static Cutout cutout;

    @BeforeAll
    static void composeAndCut() {
        photo = greenScreenShot();
        cutout = new CutoutMaker(TestModels.isnetFp16()).cut(photo);
    }

    @Test
    void theModelFindsTheSubject() {
        assertThat(IsNetSegmentationTest.mean(cutout.mask(), 200, 200, 80, 80)).isGreaterThan(0.9);
        assertThat(IsNetSegmentationTest.mean(cutout.mask(), 0, 0, 40, 40)).isLessThan(0.1);
    }

    @Test
    void borderOnWhiteHasNoGreenCast() {
        double ours = greenCast(cutout.image(), cutout.mask());
        // The same alpha with the photo's own colours: what a cut-out without decontamination shows.
        double naive = greenCast(photo.withAlpha(cutout.mask()), cutout.mask());
        assertThat(naive).as("the test scene does create a fringe").isGreaterThan(12);
        assertThat(ours).as("green excess in the border after decontamination").isLessThan(3);
    }

    /** Mean of G − max(R, B) on white, over the semi-transparent border pixels. */
    private static double greenCast(RgbaImage cut, Mask mask) {
        RgbImage onWhite = cut.flatten(0xFFFFFF);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < onWhite.pixels().length; i++) {
            float a = mask.alpha()[i];
            if (a > 0.1f && a < 0.9f) {
                int p = onWhite.pixels()[i];
                int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
                sum += Math.max(0, g - Math.max(r, b));
                n++;
            }
        }
        assertThat(n).as("border pixels").isGreaterThan(100);
        return sum / n;
    }

    /** An orange, shaded vase with soft (4x supersampled) edges on a saturated green screen. */
    static RgbImage greenScreenShot() {
        int s = 4;
        int[] px = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int r = 0, g = 0, b = 0;
                for (int sy = 0; sy < s; sy++) {
                    for (int sx = 0; sx < s; sx++) {
                        int c = sample((x + (sx + 0.5) / s), (y + (sy + 0.5) / s));
                        r += (c >> 16) & 0xFF;
                        g += (c >> 8) & 0xFF;
                        b += c & 0xFF;
                    }
                }
                int k = s * s;
                px[y * W + x] = (r / k << 16) | (g / k << 8) | b / k;
            }
        }
        return new RgbImage(W, H, px);
    }

    private static int sample(double x, double y) {
        double cx = W / 2.0;
        // Vase: a round body under a narrower neck.
        double body = Math.hypot((x - cx) / 130, (y - 300) / 120);
        boolean neck = Math.abs(x - cx) < 45 && y > 90 && y < 220;
        if (body > 1 && !neck) {
            return GREEN;
        }
        double shade = 0.55 + 0.45 * Math.max(0, 1 - Math.abs(x - cx + 40) / 160);
        int r = (int) (235 * shade), g = (int) (120 * shade), b = (int) (40 * shade);
        return (r << 16) | (g << 8) | b;
    }
}
