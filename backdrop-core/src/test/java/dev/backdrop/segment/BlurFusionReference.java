package dev.backdrop.segment;

import dev.backdrop.filter.BoxBlur;
import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;
import dev.backdrop.image.RgbaImage;

/**
 * Blur-fusion as the paper states it, over whole planes and at full size, with no reuse and no
 * tiles: the reference {@link ForegroundEstimator} is checked against.
 */
final class BlurFusionReference {

    private static final float TINY = 1e-5f;

    private BlurFusionReference() {
    }

    static RgbaImage estimate(RgbImage image, Mask mask) {
        int w = image.width(), h = image.height();
        int[] px = image.pixels();
        float[] alpha = mask.alpha();
        int coarse = Math.max(3, Math.min(90, Math.max(w, h) / 8));
        int fine = Math.max(1, Math.min(6, coarse / 4));
        float[][] foreground = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] channel = PackedPixels.fractions(px, c, new float[px.length]);
            float[][] first = step(channel, channel, channel, alpha, w, h, coarse);
            foreground[c] = step(channel, first[0], first[1], alpha, w, h, fine)[0];
        }
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            int a = Math.round(Math.max(0f, Math.min(1f, alpha[i])) * 255f);
            int rgb = a == 255 ? px[i] : PackedPixels.rgb(to8(foreground[0][i]), to8(foreground[1][i]), to8(foreground[2][i]));
            out[i] = PackedPixels.argb(a, rgb);
        }
        return new RgbaImage(w, h, out);
    }

    /** One step from estimates {@code f} and {@code b}: the new F and the local mean of B. */
    private static float[][] step(float[] image, float[] f, float[] b, float[] alpha, int w, int h, int r) {
        int n = image.length;
        float[] a = alpha.clone(), inv = new float[n], fa = new float[n], bInv = new float[n];
        for (int i = 0; i < n; i++) {
            inv[i] = 1 - alpha[i];
            fa[i] = f[i] * alpha[i];
            bInv[i] = b[i] * (1 - alpha[i]);
        }
        float[] blurA = BoxBlur.mean(a, w, h, r), blurInv = BoxBlur.mean(inv, w, h, r);
        float[] blurFa = BoxBlur.mean(fa, w, h, r), blurBInv = BoxBlur.mean(bInv, w, h, r);
        float[] newF = new float[n], meanB = new float[n];
        for (int i = 0; i < n; i++) {
            float fMean = blurFa[i] / (blurA[i] + TINY);
            meanB[i] = blurBInv[i] / (blurInv[i] + TINY);
            float estimate = fMean + alpha[i] * (image[i] - alpha[i] * fMean - (1 - alpha[i]) * meanB[i]);
            newF[i] = Math.max(0f, Math.min(1f, estimate));
        }
        return new float[][] {newF, meanB};
    }

    private static int to8(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
