package dev.backdrop.filter;

/**
 * Exact squared Euclidean distance to the nearest marked pixel (Felzenszwalb and Huttenlocher,
 * "Distance Transforms of Sampled Functions"): two separable passes of a lower envelope of
 * parabolas, linear in the pixel count whatever the distances.
 */
public final class DistanceTransform {

    private static final float FAR = 1e20f;

    private DistanceTransform() {
    }

    /** Squared distance from every pixel to the nearest pixel with {@code marked[i]} set (0 on those). */
    public static float[] squared(boolean[] marked, int width, int height) {
        float[] d = new float[marked.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = marked[i] ? 0f : FAR;
        }
        int longest = Math.max(width, height);
        float[] f = new float[longest];
        float[] out = new float[longest];
        int[] v = new int[longest];
        double[] z = new double[longest + 1];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                f[y] = d[y * width + x];
            }
            envelope(f, height, out, v, z);
            for (int y = 0; y < height; y++) {
                d[y * width + x] = out[y];
            }
        }
        for (int y = 0; y < height; y++) {
            System.arraycopy(d, y * width, f, 0, width);
            envelope(f, width, out, v, z);
            System.arraycopy(out, 0, d, y * width, width);
        }
        return d;
    }

    private static double intersection(float[] f, int q, int p) {
        return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * (q - p));
    }

    /** One dimension: {@code out[q] = min_p (q - p)^2 + f[p]}. */
    private static void envelope(float[] f, int n, float[] out, int[] v, double[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double s = intersection(f, q, v[k]);
            while (s <= z[k]) {
                k--;
                s = intersection(f, q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            float dq = q - v[k];
            out[q] = dq * dq + f[v[k]];
        }
    }
}
