package dev.backdrop.testing;

import dev.backdrop.image.Mask;

/**
 * Distance in pixels (chamfer 3-4, so within a few percent of Euclidean) of every pixel from the
 * product, the pixels whose coverage reaches a threshold; 0 on the product. Rings around an
 * outline are read from it: the pixels 1–3 px outside, the background just beyond.
 */
public final class MaskDistance {

    private final int width;
    private final float[] distance;

    private MaskDistance(int width, float[] distance) {
        this.width = width;
        this.distance = distance;
    }

    public static MaskDistance of(Mask mask, float threshold) {
        int w = mask.width(), h = mask.height();
        float[] a = mask.alpha();
        int[] d = new int[w * h];
        int far = Integer.MAX_VALUE / 4;
        for (int i = 0; i < d.length; i++) d[i] = a[i] >= threshold ? 0 : far;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x, v = d[i];
                if (x > 0) v = Math.min(v, d[i - 1] + 3);
                if (y > 0) {
                    v = Math.min(v, d[i - w] + 3);
                    if (x > 0) v = Math.min(v, d[i - w - 1] + 4);
                    if (x < w - 1) v = Math.min(v, d[i - w + 1] + 4);
                }
                d[i] = v;
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x, v = d[i];
                if (x < w - 1) v = Math.min(v, d[i + 1] + 3);
                if (y < h - 1) {
                    v = Math.min(v, d[i + w] + 3);
                    if (x < w - 1) v = Math.min(v, d[i + w + 1] + 4);
                    if (x > 0) v = Math.min(v, d[i + w - 1] + 4);
                }
                d[i] = v;
            }
        }
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = d[i] / 3f;
        return new MaskDistance(w, out);
    }

    public float at(int x, int y) {
        return distance[y * width + x];
    }

    public float at(int i) {
        return distance[i];
    }

    public static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }

    /** Mean luma of {@code pixels} whose distance lies in {@code [from, to]}, where {@code keep} allows; NaN if none. */
    public double meanLuma(int[] pixels, float from, float to, java.util.function.IntPredicate keep) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < pixels.length; i++) {
            float d = distance[i];
            if (d >= from && d <= to && keep.test(i)) {
                sum += luma(pixels[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
