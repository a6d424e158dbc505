package dev.backdrop.reference;

import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;

/**
 * Guesses where a reference photo's horizon (table edge, floor line, sea line) is: the row in
 * its middle band with the strongest, most consistent change in brightness from one row to the
 * next. Falls back to 60% of the height when nothing stands out.
 */
final class ReferenceHorizon {

    private ReferenceHorizon() {
    }

    /** The horizon's row as a fraction of the height. */
    static double estimate(RgbImage img) {
        int w = img.width(), h = img.height();
        int step = Math.max(1, Math.min(w, h) / 256);
        int rows = h / step;
        double[] mean = new double[rows];
        int cols = 0;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            cols = 0;
            for (int x = 0; x < w; x += step) {
                sum += PackedPixels.luma(img.pixels()[r * step * w + x]);
                cols++;
            }
            mean[r] = sum / cols;
        }
        int from = (int) (rows * 0.25), to = (int) (rows * 0.85);
        double best = 0, total = 0;
        int bestRow = -1;
        for (int r = Math.max(2, from); r < Math.min(rows - 2, to); r++) {
            double edge = Math.abs(mean[r + 2] - mean[r - 2]);
            total += edge;
            if (edge > best) {
                best = edge;
                bestRow = r;
            }
        }
        int span = Math.max(1, Math.min(rows - 2, to) - Math.max(2, from));
        // Only trust a row that stands well above the average change.
        if (bestRow < 0 || best < 3 * total / span || best < 6) {
            return 0.6;
        }
        return (bestRow + 0.5) / rows;
    }
}
