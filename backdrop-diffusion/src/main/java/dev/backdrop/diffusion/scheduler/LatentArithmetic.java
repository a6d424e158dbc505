package dev.backdrop.diffusion.scheduler;

/**
 * The element-wise sums and scalings the schedulers apply to whole latents (noising, input
 * scaling), written once with the four-wide loop the package notes explain.
 */
final class LatentArithmetic {

    private LatentArithmetic() {
    }

    /** {@code a·x + b·y}, element by element, in double precision. */
    static float[] sum(double a, float[] x, double b, float[] y) {
        requireSameLength(x, y);
        int n = x.length;
        float[] out = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            double y0 = y[i], y1 = y[i + 1], y2 = y[i + 2], y3 = y[i + 3];
            out[i] = (float) (a * x0 + b * y0);
            out[i + 1] = (float) (a * x1 + b * y1);
            out[i + 2] = (float) (a * x2 + b * y2);
            out[i + 3] = (float) (a * x3 + b * y3);
        }
        for (; i < n; i++) {
            out[i] = (float) (a * x[i] + b * y[i]);
        }
        return out;
    }

    /** {@code s·x}, element by element. */
    static float[] scaled(float[] x, double s) {
        int n = x.length;
        float[] out = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            out[i] = (float) (x0 * s);
            out[i + 1] = (float) (x1 * s);
            out[i + 2] = (float) (x2 * s);
            out[i + 3] = (float) (x3 * s);
        }
        for (; i < n; i++) {
            out[i] = (float) (x[i] * s);
        }
        return out;
    }

    static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("latents differ in size: " + a.length + " vs " + b.length);
        }
    }
}
