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
 *
 * <p>The fine pass runs only on the tiles whose colours it decides: a fully opaque pixel keeps the
 * photo's colour, and a transparent one whose fine window holds no alpha gets an estimate of 0. A
 * product's cut-out has a border of a few pixels: on the benchmark's 12 MP photo a fifth of the
 * tiles are left.
 */
public final class ForegroundEstimator {

    private static final float TINY = 1e-5f;
    /**
     * The longest side the coarse pass runs at. It estimates colours over up to 90 pixels, so on a
     * larger photo it runs on a copy reduced by block means, its radius reduced alike, and its
     * estimates are enlarged back where the fine pass reads them. The fine pass always runs at full size.
     */
    static final int COARSE_SIDE = 1024;
    /** The fine pass's tile side: larger than its radius, so a tile's window reaches only its eight neighbours. */
    private static final int TILE = 64;

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
        Coarse coarsePass = Coarse.of(px, alpha, w, h, coarse, coarseSide);
        Tiles tiles = Tiles.of(alpha, w, h);
        int[] out = new int[px.length];
        Bands.run(tiles.rows(), w * TILE, (from, to) -> {
            FineWindow window = new FineWindow(fine, w);
            for (int ty = from; ty < to; ty++) {
                // A run of neighbouring tiles is estimated at once, which spares the margins between them.
                for (int tx = 0; tx < tiles.columns(); ) {
                    boolean needed = tiles.needsEstimate(tx, ty);
                    int end = tx + 1;
                    while (end < tiles.columns() && tiles.needsEstimate(end, ty) == needed) {
                        end++;
                    }
                    int x0 = tx * TILE, width = Math.min(w, end * TILE) - x0;
                    if (needed) {
                        window.estimate(px, alpha, w, h, coarsePass, x0, ty * TILE, width, out);
                    } else {
                        keepOrClear(px, alpha, w, h, x0, ty * TILE, width, out);
                    }
                    tx = end;
                }
            }
        });
        return new RgbaImage(w, h, out);
    }

    /** A tile no estimate reaches: opaque pixels keep the photo's colour, the others are transparent black. */
    private static void keepOrClear(int[] px, float[] alpha, int w, int h, int x0, int y0, int width, int[] out) {
        for (int y = y0; y < Math.min(h, y0 + TILE); y++) {
            for (int i = y * w + x0, end = i + width; i < end; i++) {
                out[i] = alpha[i] >= 1f ? PackedPixels.argb(255, px[i]) : 0;
            }
        }
    }

    /**
     * Which tiles the fine pass must run on: those with a pixel below full alpha whose tile or a
     * neighbour has any alpha. Elsewhere every pixel is opaque, or every fine window around it is
     * all zero, which makes its estimate 0.
     */
    private record Tiles(int columns, int rows, boolean[] needed) {

        static Tiles of(float[] alpha, int w, int h) {
            int columns = (w + TILE - 1) / TILE, rows = (h + TILE - 1) / TILE;
            boolean[] translucent = new boolean[columns * rows], covered = new boolean[columns * rows];
            Bands.run(rows, w * TILE, (from, to) -> {
                for (int ty = from; ty < to; ty++) {
                    for (int tx = 0; tx < columns; tx++) {
                        boolean below = false, any = false;
                        for (int y = ty * TILE; y < Math.min(h, (ty + 1) * TILE) && !(below && any); y++) {
                            for (int i = y * w + tx * TILE, end = y * w + Math.min(w, (tx + 1) * TILE); i < end; i++) {
                                float a = alpha[i];
                                below |= a < 1f;
                                any |= a != 0f;
                            }
                        }
                        translucent[ty * columns + tx] = below;
                        covered[ty * columns + tx] = any;
                    }
                }
            });
            boolean[] needed = new boolean[columns * rows];
            for (int ty = 0; ty < rows; ty++) {
                for (int tx = 0; tx < columns; tx++) {
                    boolean reached = false;
                    for (int ny = Math.max(0, ty - 1); ny <= Math.min(rows - 1, ty + 1); ny++) {
                        for (int nx = Math.max(0, tx - 1); nx <= Math.min(columns - 1, tx + 1); nx++) {
                            reached |= covered[ny * columns + nx];
                        }
                    }
                    needed[ty * columns + tx] = translucent[ty * columns + tx] && reached;
                }
            }
            return new Tiles(columns, rows, needed);
        }

        boolean needsEstimate(int tx, int ty) {
            return needed[ty * columns + tx];
        }
    }

    /**
     * The fine pass on one run of tiles at a time, over the run and a margin of its radius: the box
     * means at the run's pixels see the same window as over the whole photo. Its planes are reused
     * from run to run.
     */
    private static final class FineWindow {
        private final int radius;
        private final float[] alpha, blurA, blurInv, fa, bInv, scratch;
        private final float[][] estimates;

        FineWindow(int radius, int width) {
            this.radius = radius;
            int size = (width + 2 * radius) * (TILE + 2 * radius);
            alpha = new float[size];
            blurA = new float[size];
            blurInv = new float[size];
            fa = new float[size];
            bInv = new float[size];
            scratch = new float[size];
            estimates = new float[3][width * TILE];
        }

        /** Estimates the run of {@code tw} pixels' width from {@code (x0, y0)}, one tile high. */
        void estimate(int[] px, float[] fullAlpha, int w, int h, Coarse coarse, int x0, int y0, int tw, int[] out) {
            int th = Math.min(h, y0 + TILE) - y0;
            int rx = Math.max(0, x0 - radius), ry = Math.max(0, y0 - radius);
            int rw = Math.min(w, x0 + tw + radius) - rx, rh = Math.min(h, y0 + th + radius) - ry;
            for (int y = 0; y < rh; y++) {
                System.arraycopy(fullAlpha, (ry + y) * w + rx, alpha, y * rw, rw);
            }
            Coverage.into(alpha, rw, rh, radius, scratch, blurA, blurInv);
            for (int c = 0; c < 3; c++) {
                coarse.weighted(c, rx, ry, rw, rh, fa, bInv);
                BoxBlur.mean(fa, rw, rh, radius, scratch, fa);
                BoxBlur.mean(bInv, rw, rh, radius, scratch, bInv);
                float[] f = estimates[c];
                for (int y = 0; y < th; y++) {
                    for (int x = 0; x < tw; x++) {
                        int i = (y0 + y) * w + x0 + x, j = (y0 + y - ry) * rw + x0 + x - rx;
                        float level = PackedPixels.channel(px[i], c) / 255f;
                        float fMean = mean(fa[j], blurA[j]), bMean = mean(bInv[j], blurInv[j]);
                        f[y * tw + x] = foreground(level, fullAlpha[i], fMean, bMean);
                    }
                }
            }
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    int i = (y0 + y) * w + x0 + x, k = y * tw + x;
                    int a = to8(fullAlpha[i]);
                    int rgb = a == 255 ? px[i]
                            : PackedPixels.rgb(to8(estimates[0][k]), to8(estimates[1][k]), to8(estimates[2][k]));
                    out[i] = PackedPixels.argb(a, rgb);
                }
            }
        }
    }

    /**
     * The coarse pass's estimates of F and of the local background B, per channel, on the photo or
     * on a copy reduced by {@code step × step} block means, with its radius reduced alike.
     */
    private record Coarse(float[][] f, float[][] b, int w, int h, float[] fullAlpha, int fullWidth,
                          int[] x0, int[] x1, float[] fx, int[] y0, int[] y1, float[] fy) {

        static Coarse of(int[] px, float[] fullAlpha, int fullWidth, int fullHeight, int radius, int side) {
            int step = (int) ((Math.max(fullWidth, fullHeight) + (long) side - 1) / side);
            int w = Math.max(1, fullWidth / step), h = Math.max(1, fullHeight / step);
            int r = Math.max(1, Math.round((float) radius / step));
            float[][] reduced = step == 1
                    ? new float[][] {fractions(px, 0), fractions(px, 1), fractions(px, 2), fullAlpha}
                    : blockMeans(px, fullAlpha, fullWidth, fullHeight, step, w, h);
            float[] alpha = reduced[3], scratch = new float[alpha.length];
            Coverage coverage = Coverage.of(alpha, w, h, r, scratch);
            float[][] f = new float[3][], b = new float[3][];
            for (int c = 0; c < 3; c++) {
                f[c] = new float[alpha.length];
                b[c] = new float[alpha.length];
                weigh(reduced[c], reduced[c], alpha, w, h, f[c], b[c]);
                fuse(reduced[c], f[c], b[c], alpha, coverage, w, h, r, scratch);
            }
            int[] x0 = new int[fullWidth], x1 = new int[fullWidth], y0 = new int[fullHeight], y1 = new int[fullHeight];
            float[] fx = new float[fullWidth], fy = new float[fullHeight];
            taps(w, fullWidth, step, x0, x1, fx);
            taps(h, fullHeight, step, y0, y1, fy);
            return new Coarse(f, b, w, h, fullAlpha, fullWidth, x0, x1, fx, y0, y1, fy);
        }

        private static float[] fractions(int[] px, int c) {
            return PackedPixels.fractions(px, c, new float[px.length]);
        }

        /**
         * Means of {@code step × step} blocks (the last row and column of blocks take the remainder)
         * of the red, green and blue fractions and of alpha, in one pass over the photo: the
         * reduced copy, where a resampling filter would read each plane twice.
         */
        static float[][] blockMeans(int[] px, float[] alpha, int w, int h, int step, int sw, int sh) {
            float[][] small = new float[4][sw * sh];
            Bands.run(sh, w * step, (from, to) -> {
                double[][] sums = new double[4][sw];
                for (int sy = from; sy < to; sy++) {
                    for (double[] s : sums) {
                        java.util.Arrays.fill(s, 0);
                    }
                    int top = sy * step, bottom = sy == sh - 1 ? h : top + step;
                    for (int y = top; y < bottom; y++) {
                        int o = y * w;
                        for (int sx = 0; sx < sw; sx++) {
                            int left = sx * step, right = sx == sw - 1 ? w : left + step;
                            double r = 0, g = 0, b = 0, a = 0;
                            for (int x = left; x < right; x++) {
                                int p = px[o + x];
                                r += PackedPixels.red(p) / 255f;
                                g += PackedPixels.green(p) / 255f;
                                b += PackedPixels.blue(p) / 255f;
                                a += alpha[o + x];
                            }
                            sums[0][sx] += r;
                            sums[1][sx] += g;
                            sums[2][sx] += b;
                            sums[3][sx] += a;
                        }
                    }
                    for (int plane = 0; plane < 4; plane++) {
                        for (int sx = 0; sx < sw; sx++) {
                            int width = (sx == sw - 1 ? w : (sx + 1) * step) - sx * step;
                            small[plane][sy * sw + sx] = (float) (sums[plane][sx] / ((long) width * (bottom - top)));
                        }
                    }
                }
            });
            return small;
        }

        /**
         * Writes the fine pass's weighted planes of channel {@code c} over a rectangle of the photo,
         * {@code F·a} into {@code fa} and {@code B·(1-a)} into {@code bInv}, row by row: the coarse
         * estimates enlarged bilinearly (an identity at step 1), and only where they count: F where
         * a is above 0, B where it is below 1.
         */
        void weighted(int c, int rx, int ry, int rw, int rh, float[] fa, float[] bInv) {
            float[] f = this.f[c], b = this.b[c];
            // Each row blends two coarse rows first, over the coarse columns the rectangle reads.
            int from = x0[rx], to = x1[rx + rw - 1];
            float[] rowF = new float[w], rowB = new float[w];
            for (int y = ry; y < ry + rh; y++) {
                int top = y0[y] * w, bottom = y1[y] * w;
                float v = fy[y];
                for (int sx = from; sx <= to; sx++) {
                    rowF[sx] = lerp(f[top + sx], f[bottom + sx], v);
                    rowB[sx] = lerp(b[top + sx], b[bottom + sx], v);
                }
                for (int x = rx, i = y * fullWidth + rx, j = (y - ry) * rw; x < rx + rw; x++, i++, j++) {
                    float a = fullAlpha[i];
                    fa[j] = a <= 0f ? 0f : a * lerp(rowF[x0[x]], rowF[x1[x]], fx[x]);
                    bInv[j] = a >= 1f ? 0f : (1 - a) * lerp(rowB[x0[x]], rowB[x1[x]], fx[x]);
                }
            }
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
            return into(alpha, w, h, r, scratch, new float[alpha.length], new float[alpha.length]);
        }

        /** The same into planes of at least {@code w·h} values, which it returns (the fine pass reuses its own). */
        static Coverage into(float[] alpha, int w, int h, int r, float[] scratch, float[] blurA, float[] blurInv) {
            for (int i = 0; i < w * h; i++) {
                blurInv[i] = 1 - alpha[i];
            }
            BoxBlur.mean(alpha, w, h, r, scratch, blurA);
            BoxBlur.mean(blurInv, w, h, r, scratch, blurInv);
            return new Coverage(blurA, blurInv);
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
                float bMean = mean(blurBInv[i], blurInv[i]);
                fa[i] = foreground(image[i], alpha[i], mean(blurFa[i], blurA[i]), bMean);
                bInv[i] = bMean;
            }
        });
    }

    /** A colour's local mean from the box means of the colour weighted and of its weight. */
    private static float mean(float weighted, float weight) {
        return weighted / (weight + TINY);
    }

    /** A pixel's new foreground estimate from its colour, its alpha and the local means of F and B. */
    private static float foreground(float image, float a, float fMean, float bMean) {
        float estimate = fMean + a * (image - a * fMean - (1 - a) * bMean);
        return Math.max(0f, Math.min(1f, estimate));
    }

    private static int to8(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
