package dev.backdrop.eval;

import dev.backdrop.filter.DistanceTransform;
import dev.backdrop.image.Mask;

/**
 * Scores a predicted alpha against a hand-made mask: IoU and MAE as usual, and the boundary
 * F-measure of the DAVIS benchmark (Perazzi et al. 2016), whose tolerance is 0.8% of the image
 * diagonal, so one misplaced pixel of outline is not a miss and the score reads the same at any size.
 */
public final class MaskScorer {

    private static final double TOLERANCE_SHARE = 0.008;

    public MaskScore score(Mask predicted, Mask truth) {
        if (predicted.width() != truth.width() || predicted.height() != truth.height()) {
            throw new IllegalArgumentException("sizes differ: " + predicted.width() + "x" + predicted.height()
                    + " vs " + truth.width() + "x" + truth.height());
        }
        float[] p = predicted.alpha(), t = truth.alpha();
        long both = 0, either = 0;
        double error = 0;
        boolean[] pIn = new boolean[p.length], tIn = new boolean[t.length];
        for (int i = 0; i < p.length; i++) {
            float a = Math.max(0f, Math.min(1f, p[i])), b = Math.max(0f, Math.min(1f, t[i]));
            pIn[i] = a > 0.5f;
            tIn[i] = b > 0.5f;
            both += pIn[i] && tIn[i] ? 1 : 0;
            either += pIn[i] || tIn[i] ? 1 : 0;
            error += Math.abs(a - b);
        }
        double iou = either == 0 ? 1 : (double) both / either;
        int w = truth.width(), h = truth.height();
        double boundaryF = boundaryF(outline(pIn, w, h), outline(tIn, w, h), w, h, tolerance(w, h));
        return new MaskScore(iou, error / p.length, boundaryF);
    }

    /** Matching distance in pixels for an image of this size (at least one pixel). */
    public static double tolerance(int width, int height) {
        return Math.max(1, Math.ceil(TOLERANCE_SHARE * Math.hypot(width, height)));
    }

    static double boundaryF(boolean[] predicted, boolean[] truth, int w, int h, double tolerance) {
        int predictedCount = count(predicted), truthCount = count(truth);
        if (predictedCount == 0 && truthCount == 0) {
            return 1;
        }
        if (predictedCount == 0 || truthCount == 0) {
            return 0;
        }
        double precision = (double) within(predicted, DistanceTransform.squared(truth, w, h), tolerance) / predictedCount;
        double recall = (double) within(truth, DistanceTransform.squared(predicted, w, h), tolerance) / truthCount;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** Inside pixels with an outside 4-neighbour; the image's own border is not an outline. */
    static boolean[] outline(boolean[] inside, int w, int h) {
        boolean[] out = new boolean[inside.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                out[i] = inside[i] && ((x > 0 && !inside[i - 1]) || (x < w - 1 && !inside[i + 1])
                        || (y > 0 && !inside[i - w]) || (y < h - 1 && !inside[i + w]));
            }
        }
        return out;
    }

    private static long within(boolean[] pixels, float[] squaredDistance, double tolerance) {
        double limit = tolerance * tolerance;
        long n = 0;
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] && squaredDistance[i] <= limit) {
                n++;
            }
        }
        return n;
    }

    private static int count(boolean[] pixels) {
        int n = 0;
        for (boolean b : pixels) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
