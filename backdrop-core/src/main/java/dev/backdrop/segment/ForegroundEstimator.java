package dev.backdrop.segment;

import dev.backdrop.filter.Bands;
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
    /**
     * The longest side the coarse pass runs at. It estimates colours over up to 90 pixels, so on a
     * larger photo it runs on a copy reduced by block means, its radius reduced alike, and its
     * estimates are enlarged back: on a 12 MP photo that spares eight of the sixteen full-size box
     * means. The fine pass always runs at full size.
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
        // Planes are reused where their values are spent: at 12 MP each costs 48 MB to allocate and clear.
        float[] scratch = new float[px.length];
        // The alpha-only blurs are the same for the three channels, so each radius's are made once.
        Coarse coarsePass = Coarse.of(alpha, w, h, coarse, coarseSide, scratch);
        Coverage fineCoverage = Coverage.of(alpha, w, h, fine, scratch);
        float[] channel = new float[px.length];
        float[] background = new float[px.length];
        float[][] foreground = new float[3][];
        for (int c = 0; c < 3; c++) {
            PackedPixels.fractions(px, c, channel);
            float[] f = new float[px.length];
            coarsePass.weighted(channel, alpha, f, background, scratch);
            fuse(channel, f, background, alpha, fineCoverage, w, h, fine, scratch);
            foreground[c] = f;
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
    private record Coarse(float[] alpha, int w, int h, int step, int radius, int fullWidth, int fullHeight,
                          Coverage coverage) {

        static Coarse of(float[] alpha, int w, int h, int radius, int side, float[] fullScratch) {
            int step = (Math.max(w, h) + side - 1) / side;
            if (step <= 1) {
                return new Coarse(alpha, w, h, 1, radius, w, h, Coverage.of(alpha, w, h, radius, fullScratch));
            }
            int sw = Math.max(1, w / step), sh = Math.max(1, h / step);
            int r = Math.max(1, Math.round((float) radius / step));
            float[] small = blockMeans(alpha, w, h, step, sw, sh);
            return new Coarse(small, sw, sh, step, r, w, h, Coverage.of(small, sw, sh, r, new float[small.length]));
        }

        /**
         * Means of {@code step × step} blocks (the last row and column of blocks take the remainder):
         * the reduced copy, in one pass over the plane where a resampling filter takes two.
         */
        static float[] blockMeans(float[] plane, int w, int h, int step, int sw, int sh) {
            float[] small = new float[sw * sh];
            Bands.run(sh, w * step, (from, to) -> {
                double[] sums = new double[sw];
                for (int sy = from; sy < to; sy++) {
                    java.util.Arrays.fill(sums, 0);
                    int top = sy * step, bottom = sy == sh - 1 ? h : top + step;
                    for (int y = top; y < bottom; y++) {
                        int o = y * w;
                        for (int sx = 0; sx < sw; sx++) {
                            int left = sx * step, right = sx == sw - 1 ? w : left + step;
                            double sum = 0;
                            for (int x = left; x < right; x++) {
                                sum += plane[o + x];
                            }
                            sums[sx] += sum;
                        }
                    }
                    for (int sx = 0; sx < sw; sx++) {
                        int width = (sx == sw - 1 ? w : (sx + 1) * step) - sx * step;
                        small[sy * sw + sx] = (float) (sums[sx] / ((long) width * (bottom - top)));
                    }
                }
            });
            return small;
        }

        /**
         * Writes the fine pass's weighted planes of one channel, {@code F·a} into {@code fa} and
         * {@code B·(1-a)} into {@code bInv}, from the coarse estimates. On a reduced copy they are
         * enlarged bilinearly on the way, and only where they count: F where a is above 0, B where
         * it is below 1.
         */
        void weighted(float[] channel, float[] fullAlpha, float[] fa, float[] bInv, float[] fullScratch) {
            if (step == 1) {
                weigh(channel, channel, alpha, w, h, fa, bInv);
                fuse(channel, fa, bInv, alpha, coverage, w, h, radius, fullScratch);
                weigh(fa, bInv, alpha, w, h, fa, bInv);
                return;
            }
            float[] small = blockMeans(channel, fullWidth, fullHeight, step, w, h);
            float[] f = new float[small.length], b = new float[small.length];
            weigh(small, small, alpha, w, h, f, b);
            fuse(small, f, b, alpha, coverage, w, h, radius, new float[small.length]);
            enlargeWeighted(f, b, fullAlpha, fa, bInv);
        }

        /*
         * Not Resampler.BILINEAR: enlarging F and B to full size first would write and read two more
         * 12 MP planes per channel; here the enlargement is fused with the weighting and skipped
         * where alpha makes it irrelevant.
         */
        private void enlargeWeighted(float[] f, float[] b, float[] fullAlpha, float[] fa, float[] bInv) {
            int[] x0 = new int[fullWidth], x1 = new int[fullWidth];
            float[] fx = new float[fullWidth];
            taps(w, fullWidth, step, x0, x1, fx);
            int[] y0 = new int[fullHeight], y1 = new int[fullHeight];
            float[] fy = new float[fullHeight];
            taps(h, fullHeight, step, y0, y1, fy);
            Bands.run(fullHeight, fullWidth, (from, to) -> {
                // Each output row blends two coarse rows first, then reads its columns from the blend.
                float[] rowF = new float[w], rowB = new float[w];
                for (int y = from; y < to; y++) {
                    int top = y0[y] * w, bottom = y1[y] * w;
                    float v = fy[y];
                    for (int sx = 0; sx < w; sx++) {
                        rowF[sx] = lerp(f[top + sx], f[bottom + sx], v);
                        rowB[sx] = lerp(b[top + sx], b[bottom + sx], v);
                    }
                    for (int x = 0, i = y * fullWidth; x < fullWidth; x++, i++) {
                        float a = fullAlpha[i];
                        fa[i] = a <= 0f ? 0f : a * lerp(rowF[x0[x]], rowF[x1[x]], fx[x]);
                        bInv[i] = a >= 1f ? 0f : (1 - a) * lerp(rowB[x0[x]], rowB[x1[x]], fx[x]);
                    }
                }
            });
        }

        /** Bilinear taps from the {@code from} block means back to {@code to} pixels, each block's value at its centre. */
        private static void taps(int from, int to, int step, int[] lo, int[] hi, float[] frac) {
            for (int i = 0; i < to; i++) {
                float s = Math.max(0f, Math.min(from - 1, (i + 0.5f) / step - 0.5f));
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

        static Coverage of(float[] alpha, int w, int h, int r, float[] scratch) {
            float[] inv = new float[alpha.length];
            for (int i = 0; i < inv.length; i++) {
                inv[i] = 1 - alpha[i];
            }
            float[] blurA = BoxBlur.mean(alpha, w, h, r, scratch, new float[alpha.length]);
            return new Coverage(blurA, BoxBlur.mean(inv, w, h, r, scratch, inv));
        }
    }

    /** {@code F·a} into {@code fa} and {@code B·(1-a)} into {@code bInv} (either may be its source): what a pass blurs. */
    private static void weigh(float[] f, float[] b, float[] alpha, int w, int h, float[] fa, float[] bInv) {
        Bands.run(h, w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                float a = alpha[i];
                fa[i] = f[i] * a;
                bInv[i] = b[i] * (1 - a);
            }
        });
    }

    /**
     * One blur-fusion step on the weighted planes, in place: {@code fa} becomes the new foreground
     * estimate and {@code bInv} the local background mean.
     */
    private static void fuse(float[] image, float[] fa, float[] bInv, float[] alpha, Coverage coverage,
                             int w, int h, int r, float[] scratch) {
        float[] blurA = coverage.blurA();
        float[] blurFa = BoxBlur.mean(fa, w, h, r, scratch, fa);
        float[] blurInv = coverage.blurInv();
        float[] blurBInv = BoxBlur.mean(bInv, w, h, r, scratch, bInv);
        Bands.run(h, w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                float fMean = blurFa[i] / (blurA[i] + TINY);
                float bMean = blurBInv[i] / (blurInv[i] + TINY);
                float a = alpha[i];
                float estimate = fMean + a * (image[i] - a * fMean - (1 - a) * bMean);
                fa[i] = Math.max(0f, Math.min(1f, estimate));
                bInv[i] = bMean;
            }
        });
    }

    private static int to8(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
