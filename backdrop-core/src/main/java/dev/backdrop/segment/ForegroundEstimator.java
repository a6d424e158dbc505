package dev.backdrop.segment;

import dev.backdrop.filter.BoxBlur;
import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;
import dev.backdrop.image.RgbaImage;

/**
 * Foreground colour decontamination: in the semi-transparent border a photo's pixel mixes the
 * subject with the old background, {@code I = aF + (1-a)B}. Solving for F removes the old
 * background's colour, so the cut-out shows no fringe on a new background. Uses blur-fusion
 * (Forte and Pitié, "Approximate Fast Foreground Colour Estimation", 2021): a coarse pass, then a
 * fine one, each estimating local F and B means with alpha-weighted box blurs.
 */
public final class ForegroundEstimator {

    private static final float TINY = 1e-5f;

    /** Colours with the alpha of {@code mask}; fully opaque pixels keep the photo's exact colour. */
    public RgbaImage estimate(RgbImage image, Mask mask) {
        int w = image.width(), h = image.height();
        int[] px = image.pixels();
        float[] alpha = mask.alpha();
        int coarse = Math.max(3, Math.min(90, Math.max(w, h) / 8));
        int fine = Math.max(1, Math.min(6, coarse / 4));
        // The alpha-only blurs are the same for the three channels, so each radius's are made once.
        Coverage coarseCoverage = Coverage.of(alpha, w, h, coarse);
        Coverage fineCoverage = Coverage.of(alpha, w, h, fine);
        float[][] foreground = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] channel = PackedPixels.fractions(px, c, new float[px.length]);
            float[][] fb = pass(channel, channel, channel, alpha, coarseCoverage, w, h, coarse);
            foreground[c] = pass(channel, fb[0], fb[1], alpha, fineCoverage, w, h, fine)[0];
        }
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            int a = Math.round(Math.max(0f, Math.min(1f, alpha[i])) * 255f);
            int rgb = a == 255 ? px[i]
                    : PackedPixels.rgb(to8(foreground[0][i]), to8(foreground[1][i]), to8(foreground[2][i]));
            out[i] = PackedPixels.argb(a, rgb);
        }
        return new RgbaImage(w, h, out);
    }

    /** Box means of alpha and of {@code 1 - alpha} at one radius: the weights' sums of a pass. */
    private record Coverage(float[] blurA, float[] blurInv) {

        static Coverage of(float[] alpha, int w, int h, int r) {
            float[] inv = new float[alpha.length];
            for (int i = 0; i < inv.length; i++) {
                inv[i] = 1 - alpha[i];
            }
            return new Coverage(BoxBlur.mean(alpha, w, h, r), BoxBlur.mean(inv, w, h, r));
        }
    }

    /** One blur-fusion step: returns the new foreground estimate and the blurred background. */
    private static float[][] pass(float[] image, float[] f, float[] b, float[] alpha, Coverage coverage,
                                  int w, int h, int r) {
        int n = image.length;
        float[] fa = new float[n];
        float[] bInv = new float[n];
        for (int i = 0; i < n; i++) {
            float a = alpha[i];
            fa[i] = f[i] * a;
            bInv[i] = b[i] * (1 - a);
        }
        float[] blurA = coverage.blurA();
        float[] blurFa = BoxBlur.mean(fa, w, h, r);
        float[] blurInv = coverage.blurInv();
        float[] blurBInv = BoxBlur.mean(bInv, w, h, r);
        float[] newF = fa;
        float[] blurB = bInv;
        for (int i = 0; i < n; i++) {
            float fMean = blurFa[i] / (blurA[i] + TINY);
            float bMean = blurBInv[i] / (blurInv[i] + TINY);
            float a = alpha[i];
            float estimate = fMean + a * (image[i] - a * fMean - (1 - a) * bMean);
            newF[i] = Math.max(0f, Math.min(1f, estimate));
            blurB[i] = bMean;
        }
        return new float[][] {newF, blurB};
    }

    private static int to8(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
