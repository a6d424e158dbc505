package dev.backdrop.filter;

/**
 * Fast resizing of float planes for rendering: area-average reduction by integer factors and
 * bilinear enlargement. For arbitrary scale factors with antialiasing (model input and output) use
 * {@link Resampler}.
 */
public final class Resample {

    private Resample() {
    }

    /** Bilinear resize of a plane to {@code dw x dh}, pixel centres aligned. */
    public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
        return bilinear(src, sw, sh, dw, dh, dh);
    }

    /** Like {@link #bilinear(float[], int, int, int, int)} but fills only rows above {@code rowEnd}; the rest stay 0. */
    public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh, int rowEnd) {
        return bilinear(src, sw, sh, dw, dh, 0, rowEnd);
    }

    /** Like {@link #bilinear(float[], int, int, int, int)} but fills only rows {@code [rowStart, rowEnd)}; the rest stay 0. */
    public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh, int rowStart, int rowEnd) {
        float[] dst = new float[dw * dh];
        float sx = (float) sw / dw, sy = (float) sh / dh;
        int[] x0 = new int[dw];
        float[] fx = new float[dw];
        for (int x = 0; x < dw; x++) {
            float gx = Math.max(0f, Math.min(sw - 1f, (x + 0.5f) * sx - 0.5f));
            x0[x] = Math.min(sw - 1, (int) gx);
            fx[x] = gx - x0[x];
        }
        // One padded source-width row, interpolated vertically once, then spread horizontally.
        float[] row = new float[sw + 1];
        for (int y = Math.max(0, rowStart); y < Math.min(dh, rowEnd); y++) {
            float gy = Math.max(0f, Math.min(sh - 1f, (y + 0.5f) * sy - 0.5f));
            int y0 = (int) gy, y1 = Math.min(sh - 1, y0 + 1);
            float fy = gy - y0;
            int r0 = y0 * sw, r1 = y1 * sw;
            for (int x = 0; x < sw; x++) {
                float a = src[r0 + x];
                row[x] = a + (src[r1 + x] - a) * fy;
            }
            row[sw] = row[sw - 1];
            int o = y * dw;
            for (int x = 0; x < dw; x++) {
                int i = x0[x];
                float a = row[i];
                dst[o + x] = a + (row[i + 1] - a) * fx[x];
            }
        }
        return dst;
    }

    /** Reduces a plane by an integer factor, averaging each {@code factor x factor} cell (partial edge cells average what they hold). */
    public static float[] reduce(float[] src, int sw, int sh, int factor) {
        int dw = (sw + factor - 1) / factor, dh = (sh + factor - 1) / factor;
        float[] dst = new float[dw * dh];
        float[] acc = new float[dw];
        int full = sw / factor;
        for (int y = 0; y < dh; y++) {
            java.util.Arrays.fill(acc, 0f);
            int rows = Math.min(sh, (y + 1) * factor) - y * factor;
            for (int j = y * factor; j < y * factor + rows; j++) {
                int s = j * sw;
                // Common factors unrolled: the generic inner loop defeats the JIT.
                if (factor == 2) {
                    for (int x = 0; x < full; x++, s += 2) {
                        acc[x] += src[s] + src[s + 1];
                    }
                } else if (factor == 4) {
                    for (int x = 0; x < full; x++, s += 4) {
                        acc[x] += src[s] + src[s + 1] + src[s + 2] + src[s + 3];
                    }
                } else {
                    for (int x = 0; x < full; x++) {
                        float sum = 0f;
                        for (int k = 0; k < factor; k++) {
                            sum += src[s++];
                        }
                        acc[x] += sum;
                    }
                }
                if (full < dw) {
                    for (int i = full * factor; i < sw; i++) {
                        acc[full] += src[j * sw + i];
                    }
                }
            }
            int o = y * dw;
            float inv = 1f / (factor * rows);
            for (int x = 0; x < full; x++) {
                dst[o + x] = acc[x] * inv;
            }
            if (full < dw) {
                dst[o + full] = acc[full] / ((sw - full * factor) * rows);
            }
        }
        return dst;
    }
}
