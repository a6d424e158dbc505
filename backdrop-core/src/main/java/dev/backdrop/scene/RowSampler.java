package dev.backdrop.scene;

/**
 * Reads a small image as if enlarged to {@code w x h} (bilinear), one output row at a time:
 * {@link #load} blends two source rows once, then each pixel needs a single lerp per channel.
 * Avoids building full-size copies of blurred layers only to read them once.
 */
final class RowSampler {

    private final ColourPlanes src;
    private final int height;
    private final int[] x0;
    private final float[] fx;
    private final float[] r, g, b;

    RowSampler(ColourPlanes src, int width, int height) {
        this.src = src;
        this.height = height;
        int sw = src.width();
        x0 = new int[width];
        fx = new float[width];
        for (int x = 0; x < width; x++) {
            float gx = Math.max(0f, Math.min(sw - 1f, (x + 0.5f) * sw / width - 0.5f));
            x0[x] = Math.min(sw - 1, (int) gx);
            fx[x] = gx - x0[x];
        }
        r = new float[sw + 1];
        g = new float[sw + 1];
        b = new float[sw + 1];
    }

    void load(int y) {
        int sw = src.width(), sh = src.height();
        float gy = Math.max(0f, Math.min(sh - 1f, (y + 0.5f) * sh / height - 0.5f));
        int y0 = (int) gy, y1 = Math.min(sh - 1, y0 + 1);
        float fy = gy - y0;
        int a = y0 * sw, c = y1 * sw;
        float[] sr = src.r(), sg = src.g(), sb = src.b();
        for (int x = 0; x < sw; x++) {
            r[x] = sr[a + x] + (sr[c + x] - sr[a + x]) * fy;
            g[x] = sg[a + x] + (sg[c + x] - sg[a + x]) * fy;
            b[x] = sb[a + x] + (sb[c + x] - sb[a + x]) * fy;
        }
        r[sw] = r[sw - 1];
        g[sw] = g[sw - 1];
        b[sw] = b[sw - 1];
    }

    float r(int x) {
        int i = x0[x];
        return r[i] + (r[i + 1] - r[i]) * fx[x];
    }

    float g(int x) {
        int i = x0[x];
        return g[i] + (g[i + 1] - g[i]) * fx[x];
    }

    float b(int x) {
        int i = x0[x];
        return b[i] + (b[i + 1] - b[i]) * fx[x];
    }
}
