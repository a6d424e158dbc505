package dev.backdrop.image;

/**
 * Mean filter over a {@code (2r+1)²} window in O(1) per pixel (running sums), with the window
 * clipped at the borders so edges are averaged over the pixels that exist.
 */
public final class BoxBlur {

    private BoxBlur() {
    }

    public static float[] blur(float[] plane, int width, int height, int radius) {
        float[] tmp = new float[plane.length];
        float[] out = new float[plane.length];
        for (int y = 0; y < height; y++) {
            pass(plane, y * width, 1, width, radius, tmp);
        }
        for (int x = 0; x < width; x++) {
            pass(tmp, x, width, height, radius, out);
        }
        return out;
    }

    private static void pass(float[] src, int offset, int stride, int n, int r, float[] dst) {
        double sum = 0;
        int hi = Math.min(n - 1, r);
        for (int i = 0; i <= hi; i++) {
            sum += src[offset + i * stride];
        }
        for (int i = 0; i < n; i++) {
            int lo = i - r - 1;
            int add = i + r;
            if (i > 0) {
                if (add < n) {
                    sum += src[offset + add * stride];
                }
                if (lo >= 0) {
                    sum -= src[offset + lo * stride];
                }
            }
            int count = Math.min(n - 1, i + r) - Math.max(0, i - r) + 1;
            dst[offset + i * stride] = (float) (sum / count);
        }
    }
}
