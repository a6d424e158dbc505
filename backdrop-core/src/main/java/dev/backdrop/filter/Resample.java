package dev.backdrop.filter;

/** Changes the size of float planes: area-average reduction and bilinear enlargement. */
public final class Resample {

    private Resample() {
    }

    /** Bilinear resize of a plane to {@code dw x dh}, pixel centres aligned. */
    public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
        float[] dst = new float[dw * dh];
        float sx = (float) sw / dw, sy = (float) sh / dh;
        int[] x0 = new int[dw];
        int[] x1 = new int[dw];
        float[] fx = new float[dw];
        for (int x = 0; x < dw; x++) {
            float gx = Math.max(0f, Math.min(sw - 1f, (x + 0.5f) * sx - 0.5f));
            x0[x] = (int) gx;
            x1[x] = Math.min(sw - 1, x0[x] + 1);
            fx[x] = gx - x0[x];
        }
        for (int y = 0; y < dh; y++) {
            float gy = Math.max(0f, Math.min(sh - 1f, (y + 0.5f) * sy - 0.5f));
            int y0 = (int) gy, y1 = Math.min(sh - 1, y0 + 1);
            float fy = gy - y0;
            int r0 = y0 * sw, r1 = y1 * sw, o = y * dw;
            for (int x = 0; x < dw; x++) {
                float a = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                float b = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                dst[o + x] = a + (b - a) * fy;
            }
        }
        return dst;
    }

    /** Reduces a plane by an integer factor, averaging each {@code factor x factor} cell (edges clamp). */
    public static float[] reduce(float[] src, int sw, int sh, int factor) {
        int dw = (sw + factor - 1) / factor, dh = (sh + factor - 1) / factor;
        float[] dst = new float[dw * dh];
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                float sum = 0f;
                int n = 0;
                for (int j = y * factor; j < Math.min(sh, (y + 1) * factor); j++) {
                    int row = j * sw;
                    for (int i = x * factor; i < Math.min(sw, (x + 1) * factor); i++) {
                        sum += src[row + i];
                        n++;
                    }
                }
                dst[y * dw + x] = sum / n;
            }
        }
        return dst;
    }
}
