package dev.backdrop.filter;

/**
 * Separable running-sum box blur. Three passes approximate a Gaussian at a cost independent of
 * the radius, which is what lets depth of field and soft shadows stay cheap at full size. The
 * vertical pass runs along rows (a running sum per column) so memory is read in order.
 */
public final class BoxBlur {

    private BoxBlur() {
    }

    /** Blurs {@code plane} in place with {@code passes} box passes of the given radius (pixels). */
    public static void blur(float[] plane, int width, int height, int radius, int passes) {
        if (radius <= 0) {
            return;
        }
        float[] line = new float[width + 2 * radius + 1];
        float[] tmp = new float[plane.length];
        float[] acc = new float[width];
        for (int p = 0; p < passes; p++) {
            for (int y = 0; y < height; y++) {
                horizontal(plane, y * width, width, radius, line);
            }
            vertical(plane, tmp, width, height, radius, acc);
        }
    }

    /** A three-pass blur whose spread matches a Gaussian of the given sigma. */
    public static void gaussian(float[] plane, int width, int height, float sigma) {
        // Three boxes of radius r have variance 3 * ((2r+1)^2 - 1) / 12 = r(r+1).
        int r = Math.round((float) ((-1 + Math.sqrt(1 + 4 * sigma * sigma)) / 2));
        blur(plane, width, height, r, 3);
    }

    /** One box pass along a row, edges clamped, via a padded copy so the inner loop has no branches. */
    private static void horizontal(float[] plane, int offset, int n, int r, float[] padded) {
        float first = plane[offset], last = plane[offset + n - 1];
        for (int i = 0; i < r; i++) {
            padded[i] = first;
            padded[r + n + i] = last;
        }
        padded[r + n + r] = last;
        System.arraycopy(plane, offset, padded, r, n);
        float inv = 1f / (2 * r + 1);
        float sum = 0f;
        for (int i = 0; i <= 2 * r; i++) {
            sum += padded[i];
        }
        for (int i = 0; i < n; i++) {
            plane[offset + i] = sum * inv;
            sum += padded[i + 2 * r + 1] - padded[i];
        }
    }

    private static void vertical(float[] plane, float[] out, int w, int h, int r, float[] acc) {
        float inv = 1f / (2 * r + 1);
        java.util.Arrays.fill(acc, 0f);
        for (int k = -r; k <= r; k++) {
            int row = clamp(k, h) * w;
            for (int x = 0; x < w; x++) {
                acc[x] += plane[row + x];
            }
        }
        for (int y = 0; y < h; y++) {
            int o = y * w;
            int add = clamp(y + r + 1, h) * w, sub = clamp(y - r, h) * w;
            for (int x = 0; x < w; x++) {
                out[o + x] = acc[x] * inv;
                acc[x] += plane[add + x] - plane[sub + x];
            }
        }
        System.arraycopy(out, 0, plane, 0, plane.length);
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }

    /**
     * Mean over a {@code (2r+1)²} window with the window clipped at the borders (edges are averaged
     * over the pixels that exist, not padded), as the guided filter and matting need; returns a new plane.
     * Rows and then columns are split into bands run in parallel.
     */
    public static float[] mean(float[] plane, int width, int height, int radius) {
        return mean(plane, width, height, radius, new float[plane.length], new float[plane.length]);
    }

    /**
     * {@link #mean(float[], int, int, int)} written into {@code out}, with {@code scratch} for the
     * rows' means: callers that take many means of one size reuse both, which at 12 MP saves more
     * than a third of the time a fresh pair costs to allocate and clear. Both are plane-sized;
     * {@code out} may be {@code plane} itself (the rows are read in full before it is written), the
     * scratch may not.
     */
    public static float[] mean(float[] plane, int width, int height, int radius, float[] scratch, float[] out) {
        Bands.run(height, width, (from, to) -> {
            int y = from;
            for (; y + 4 <= to; y += 4) {
                fourRowMeans(plane, y * width, width, radius, scratch);
            }
            for (; y < to; y++) {
                rowMeans(plane, y * width, width, radius, scratch);
            }
        });
        Bands.run(width, height, (from, to) -> columnMeans(scratch, width, height, radius, from, to, out));
        return out;
    }

    private static void rowMeans(float[] src, int offset, int n, int r, float[] dst) {
        double sum = 0;
        int hi = Math.min(n - 1, r);
        for (int i = 0; i <= hi; i++) {
            sum += src[offset + i];
        }
        for (int i = 0; i < n; i++) {
            int lo = i - r - 1;
            int add = i + r;
            if (i > 0) {
                if (add < n) {
                    sum += src[offset + add];
                }
                if (lo >= 0) {
                    sum -= src[offset + lo];
                }
            }
            int count = Math.min(n - 1, i + r) - Math.max(0, i - r) + 1;
            dst[offset + i] = (float) (sum / count);
        }
    }

    /**
     * {@link #rowMeans} on four consecutive rows at once: four independent running sums keep the
     * processor busy where one waits on each addition. Each row's arithmetic is unchanged.
     */
    private static void fourRowMeans(float[] src, int offset, int n, int r, float[] dst) {
        int o0 = offset, o1 = offset + n, o2 = offset + 2 * n, o3 = offset + 3 * n;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int hi = Math.min(n - 1, r);
        for (int i = 0; i <= hi; i++) {
            s0 += src[o0 + i];
            s1 += src[o1 + i];
            s2 += src[o2 + i];
            s3 += src[o3 + i];
        }
        for (int i = 0; i < n; i++) {
            int lo = i - r - 1;
            int add = i + r;
            if (i > 0) {
                if (add < n) {
                    s0 += src[o0 + add];
                    s1 += src[o1 + add];
                    s2 += src[o2 + add];
                    s3 += src[o3 + add];
                }
                if (lo >= 0) {
                    s0 -= src[o0 + lo];
                    s1 -= src[o1 + lo];
                    s2 -= src[o2 + lo];
                    s3 -= src[o3 + lo];
                }
            }
            int count = Math.min(n - 1, i + r) - Math.max(0, i - r) + 1;
            dst[o0 + i] = (float) (s0 / count);
            dst[o1 + i] = (float) (s1 / count);
            dst[o2 + i] = (float) (s2 / count);
            dst[o3 + i] = (float) (s3 / count);
        }
    }

    /**
     * The vertical pass for columns {@code [from, to)}, one running sum per column, advanced a row at
     * a time so memory is read in order (a pass down each column misses the cache on every pixel).
     * Each column's sum sees the same additions in the same order as it would going down the column.
     */
    private static void columnMeans(float[] src, int w, int h, int r, int from, int to, float[] dst) {
        int n = to - from;
        double[] sum = new double[n];
        for (int y = 0; y <= Math.min(h - 1, r); y++) {
            int row = y * w + from;
            for (int x = 0; x < n; x++) {
                sum[x] += src[row + x];
            }
        }
        for (int y = 0; y < h; y++) {
            // One loop per row, the sum's additions in the same order as adding, then removing, then dividing.
            boolean adds = y > 0 && y + r < h, removes = y > 0 && y - r - 1 >= 0;
            int add = (y + r) * w + from, sub = (y - r - 1) * w + from;
            double count = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1;
            int o = y * w + from;
            if (adds && removes) {
                for (int x = 0; x < n; x++) {
                    double s = sum[x] + src[add + x] - src[sub + x];
                    sum[x] = s;
                    dst[o + x] = (float) (s / count);
                }
            } else if (adds) {
                for (int x = 0; x < n; x++) {
                    double s = sum[x] + src[add + x];
                    sum[x] = s;
                    dst[o + x] = (float) (s / count);
                }
            } else if (removes) {
                for (int x = 0; x < n; x++) {
                    double s = sum[x] - src[sub + x];
                    sum[x] = s;
                    dst[o + x] = (float) (s / count);
                }
            } else {
                for (int x = 0; x < n; x++) {
                    dst[o + x] = (float) (sum[x] / count);
                }
            }
        }
    }
}
