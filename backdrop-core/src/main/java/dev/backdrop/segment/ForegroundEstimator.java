package dev.backdrop.segment;

import dev.backdrop.filter.Bands;
import dev.backdrop.filter.BoxBlur;
import dev.backdrop.filter.Resampler;
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
    /**
     * The longest side the coarse pass runs at. Its radius is up to 90 pixels, so on a larger photo
     * it runs on a reduced copy, with the radius reduced alike, and its estimates are enlarged back:
     * on a 12 MP photo that is eight of the sixteen full-size box means. The fine pass always runs at full size.
     */
    static final int COARSE_SIDE = 1024;

    private final int coarseSide;

    public ForegroundEstimator() {
        this(COARSE_SIDE);
    }

    /** An estimator whose coarse pass runs at full size up to {@code coarseSide} pixels a side. */
    ForegroundEstimator(int coarseSide) {
        this.coarseSide = coarseSide;
    }

    /** Colours with the alpha of {@code mask}; fully opaque pixels keep the photo's exact colour. */
    public RgbaImage estimate(RgbImage image, Mask mask) {
        int w = image.width(), h = image.height();
        int[] px = image.pixels();
        float[] alpha = mask.alpha();
        int coarse = Math.max(3, Math.min(90, Math.max(w, h) / 8));
        int fine = Math.max(1, Math.min(6, coarse / 4));
        // The alpha-only blurs are the same for the three channels, so each radius's are made once.
        Coarse coarsePass = Coarse.of(alpha, w, h, coarse, coarseSide);
        Coverage fineCoverage = Coverage.of(alpha, w, h, fine);
        float[][] foreground = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] channel = PackedPixels.fractions(px, c, new float[px.length]);
            float[][] weighted = coarsePass.weighted(channel, alpha);
            foreground[c] = fuse(channel, weighted[0], weighted[1], alpha, fineCoverage, w, h, fine)[0];
        }
        int[] out = new int[px.length];
        Bands.run(h, w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                int a = Math.round(Math.max(0f, Math.min(1f, alpha[i])) * 255f);
                int rgb = a == 255 ? px[i]
                        : PackedPixels.rgb(to8(foreground[0][i]), to8(foreground[1][i]), to8(foreground[2][i]));
                out[i] = PackedPixels.argb(a, rgb);
            }
        });
        return new RgbaImage(w, h, out);
    }

    /** The coarse pass, at full size or on a reduced copy whose estimates are enlarged back. */
    private record Coarse(float[] alpha, int w, int h, int radius, int fullWidth, int fullHeight, Coverage coverage) {

        static Coarse of(float[] alpha, int w, int h, int radius, int side) {
            int step = (Math.max(w, h) + side - 1) / side;
            if (step <= 1) {
                return new Coarse(alpha, w, h, radius, w, h, Coverage.of(alpha, w, h, radius));
            }
            int sw = Math.max(1, Math.round((float) w / step)), sh = Math.max(1, Math.round((float) h / step));
            int r = Math.max(1, Math.round((float) radius * sw / w));
            float[] small = Resampler.BILINEAR.resize(alpha, w, h, sw, sh);
            return new Coarse(small, sw, sh, r, w, h, Coverage.of(small, sw, sh, r));
        }

        /**
         * The fine pass's weighted planes of one channel, {@code F·a} and {@code B·(1-a)}, from the
         * coarse estimates. On a reduced copy they are enlarged bilinearly on the way, and only
         * where they count: F where a is above 0, B where it is below 1.
         */
        float[][] weighted(float[] channel, float[] fullAlpha) {
            if (w == fullWidth && h == fullHeight) {
                float[][] fb = pass(channel, channel, channel, alpha, coverage, w, h, radius);
                return weigh(fb[0], fb[1], fullAlpha, w, h);
            }
            float[] small = Resampler.BILINEAR.resize(channel, fullWidth, fullHeight, w, h);
            float[][] fb = pass(small, small, small, alpha, coverage, w, h, radius);
            return enlargeWeighted(fb[0], fb[1], fullAlpha);
        }

        private float[][] enlargeWeighted(float[] f, float[] b, float[] fullAlpha) {
            int[] x0 = new int[fullWidth], x1 = new int[fullWidth];
            float[] fx = new float[fullWidth];
            taps(w, fullWidth, x0, x1, fx);
            int[] y0 = new int[fullHeight], y1 = new int[fullHeight];
            float[] fy = new float[fullHeight];
            taps(h, fullHeight, y0, y1, fy);
            float[] fa = new float[fullAlpha.length], bInv = new float[fullAlpha.length];
            Bands.run(fullHeight, fullWidth, (from, to) -> {
                for (int y = from; y < to; y++) {
                    int top = y0[y] * w, bottom = y1[y] * w;
                    float v = fy[y];
                    for (int x = 0; x < fullWidth; x++) {
                        int i = y * fullWidth + x;
                        float a = fullAlpha[i];
                        if (a > 0f) {
                            fa[i] = a * lerp(lerp(f[top + x0[x]], f[top + x1[x]], fx[x]),
                                    lerp(f[bottom + x0[x]], f[bottom + x1[x]], fx[x]), v);
                        }
                        if (a < 1f) {
                            bInv[i] = (1 - a) * lerp(lerp(b[top + x0[x]], b[top + x1[x]], fx[x]),
                                    lerp(b[bottom + x0[x]], b[bottom + x1[x]], fx[x]), v);
                        }
                    }
                }
            });
            return new float[][] {fa, bInv};
        }

        /** Pixel-centre aligned bilinear taps from {@code from} samples to {@code to}. */
        private static void taps(int from, int to, int[] lo, int[] hi, float[] frac) {
            for (int i = 0; i < to; i++) {
                float s = Math.max(0f, Math.min(from - 1, (i + 0.5f) * from / to - 0.5f));
                lo[i] = (int) s;
                hi[i] = Math.min(from - 1, lo[i] + 1);
                frac[i] = s - lo[i];
            }
        }

        private static float lerp(float p, float q, float t) {
            return p + t * (q - p);
        }
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
        float[][] weighted = weigh(f, b, alpha, w, h);
        return fuse(image, weighted[0], weighted[1], alpha, coverage, w, h, r);
    }

    /** {@code F·a} and {@code B·(1-a)}: what a pass blurs. */
    private static float[][] weigh(float[] f, float[] b, float[] alpha, int w, int h) {
        float[] fa = new float[alpha.length];
        float[] bInv = new float[alpha.length];
        Bands.run(h, w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                float a = alpha[i];
                fa[i] = f[i] * a;
                bInv[i] = b[i] * (1 - a);
            }
        });
        return new float[][] {fa, bInv};
    }

    /** The rest of a pass: local F and B means from the weighted planes, then F solved per pixel. */
    private static float[][] fuse(float[] image, float[] fa, float[] bInv, float[] alpha, Coverage coverage,
                                  int w, int h, int r) {
        float[] blurA = coverage.blurA();
        float[] blurFa = BoxBlur.mean(fa, w, h, r);
        float[] blurInv = coverage.blurInv();
        float[] blurBInv = BoxBlur.mean(bInv, w, h, r);
        float[] newF = fa;
        float[] blurB = bInv;
        Bands.run(h, w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                float fMean = blurFa[i] / (blurA[i] + TINY);
                float bMean = blurBInv[i] / (blurInv[i] + TINY);
                float a = alpha[i];
                float estimate = fMean + a * (image[i] - a * fMean - (1 - a) * bMean);
                newF[i] = Math.max(0f, Math.min(1f, estimate));
                blurB[i] = bMean;
            }
        });
        return new float[][] {newF, blurB};
    }

    private static int to8(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
