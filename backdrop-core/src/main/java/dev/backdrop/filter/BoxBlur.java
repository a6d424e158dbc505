package dev.backdrop.filter;

/**
 * Separable running-sum box blur. Three passes approximate a Gaussian at a cost independent of
 * the radius, which is what lets depth of field and soft shadows stay cheap at full size.
 */
public final class BoxBlur {

    private BoxBlur() {
    }

    /** Blurs {@code plane} in place with {@code passes} box passes of the given radius (pixels). */
    public static void blur(float[] plane, int width, int height, int radius, int passes) {
        if (radius <= 0) {
            return;
        }
        float[] line = new float[Math.max(width, height)];
        float[] out = new float[Math.max(width, height)];
        for (int p = 0; p < passes; p++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(plane, y * width, line, 0, width);
                blurLine(line, out, width, radius);
                System.arraycopy(out, 0, plane, y * width, width);
            }
            for (int x = 0; x < width; x++) {
                for (int y = 0; y < height; y++) {
                    line[y] = plane[y * width + x];
                }
                blurLine(line, out, height, radius);
                for (int y = 0; y < height; y++) {
                    plane[y * width + x] = out[y];
                }
            }
        }
    }

    /** A three-pass blur whose spread matches a Gaussian of the given sigma. */
    public static void gaussian(float[] plane, int width, int height, float sigma) {
        // Three boxes of radius r have variance 3 * ((2r+1)^2 - 1) / 12 = r(r+1).
        int r = Math.round((float) ((-1 + Math.sqrt(1 + 4 * sigma * sigma)) / 2));
        blur(plane, width, height, r, 3);
    }

    /** One box pass with clamped edges. */
    private static void blurLine(float[] in, float[] out, int n, int r) {
        float inv = 1f / (2 * r + 1);
        float sum = 0f;
        for (int i = -r; i <= r; i++) {
            sum += in[clamp(i, n)];
        }
        for (int i = 0; i < n; i++) {
            out[i] = sum * inv;
            sum += in[clamp(i + r + 1, n)] - in[clamp(i - r, n)];
        }
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
