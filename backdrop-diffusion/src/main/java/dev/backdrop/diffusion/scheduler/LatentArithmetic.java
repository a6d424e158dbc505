package dev.backdrop.diffusion.scheduler;

/**
 * The element-wise kernels of the schedulers' per-step work on whole latents (noising, input
 * scaling, the Euler-type moves along the probability-flow slope), each written once with the
 * four-wide loop the package notes explain. A scheduler's step picks its coefficients and calls one
 * of these; each kernel keeps the exact expression, and so the result bits, its callers need.
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

    /**
     * {@code base + dt·(sample − denoised)/sigma}, element by element: {@code base} moved by {@code dt}
     * along the slope of the probability-flow ODE at {@code sample}, whose noise level is
     * {@code sigma}. Euler moves the sample itself; DPM2's second stage moves the step's start with
     * the midpoint's slope.
     */
    static float[] slopeMove(PredictionType type, float[] modelOutput, float[] sample, float[] base, double sigma,
                             double dt) {
        // Kept under C2's 325 bytecodes for inlining a hot method, so each step compiles its move into itself,
        // as when the loop was written out there (not inlined, the ancestral steps took 6–7% longer); and no
        // length checks up front (with them, DPM2's step took 10% longer): a short array fails at its end.
        int n = sample.length;
        float[] out = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double m0 = modelOutput[i], m1 = modelOutput[i + 1], m2 = modelOutput[i + 2], m3 = modelOutput[i + 3];
            double s0 = sample[i], s1 = sample[i + 1], s2 = sample[i + 2], s3 = sample[i + 3];
            double b0 = base[i], b1 = base[i + 1], b2 = base[i + 2], b3 = base[i + 3];
            out[i] = (float) moved(type, m0, s0, b0, sigma, dt);
            out[i + 1] = (float) moved(type, m1, s1, b1, sigma, dt);
            out[i + 2] = (float) moved(type, m2, s2, b2, sigma, dt);
            out[i + 3] = (float) moved(type, m3, s3, b3, sigma, dt);
        }
        for (; i < n; i++) {
            out[i] = (float) moved(type, modelOutput[i], sample[i], base[i], sigma, dt);
        }
        return out;
    }

    /**
     * The {@linkplain #slopeMove(PredictionType, float[], float[], float[], double, double) slope move}
     * plus {@code up·fresh}, added to the moved value in double precision: the ancestral steps, which
     * move down to a lower sigma and add fresh noise back up to the next level. A kernel of its own
     * rather than a zero noise term for the others: adding {@code 0·fresh} turns a −0 into +0.
     */
    static float[] slopeMove(PredictionType type, float[] modelOutput, float[] sample, float[] base, double sigma,
                             double dt, float[] fresh, double up) {
        int n = sample.length;
        float[] out = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double m0 = modelOutput[i], m1 = modelOutput[i + 1], m2 = modelOutput[i + 2], m3 = modelOutput[i + 3];
            double s0 = sample[i], s1 = sample[i + 1], s2 = sample[i + 2], s3 = sample[i + 3];
            double b0 = base[i], b1 = base[i + 1], b2 = base[i + 2], b3 = base[i + 3];
            // The noise too: widened at the addition instead, Euler a's step took about 2.4 times as long.
            double f0 = fresh[i], f1 = fresh[i + 1], f2 = fresh[i + 2], f3 = fresh[i + 3];
            out[i] = (float) movedAndNoised(type, m0, s0, b0, sigma, dt, f0, up);
            out[i + 1] = (float) movedAndNoised(type, m1, s1, b1, sigma, dt, f1, up);
            out[i + 2] = (float) movedAndNoised(type, m2, s2, b2, sigma, dt, f2, up);
            out[i + 3] = (float) movedAndNoised(type, m3, s3, b3, sigma, dt, f3, up);
        }
        for (; i < n; i++) {
            out[i] = (float) movedAndNoised(type, modelOutput[i], sample[i], base[i], sigma, dt, fresh[i], up);
        }
        return out;
    }

    /** One element of the slope moves, in double precision. */
    private static double moved(PredictionType type, double modelOutput, double sample, double base, double sigma,
                                double dt) {
        double derivative = (sample - type.denoisedFromSigma(modelOutput, sample, sigma)) / sigma;
        return base + derivative * dt;
    }

    /** One element of the ancestral slope move, in double precision. */
    private static double movedAndNoised(PredictionType type, double modelOutput, double sample, double base,
                                         double sigma, double dt, double fresh, double up) {
        return moved(type, modelOutput, sample, base, sigma, dt) + fresh * up;
    }

    static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("latents differ in size: " + a.length + " vs " + b.length);
        }
    }
}
