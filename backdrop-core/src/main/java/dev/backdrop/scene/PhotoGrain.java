package dev.backdrop.scene;

import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;

/**
 * How grainy a photo is, so a new background can carry the same grain: a background cleaner (or
 * noisier) than the product betrays the cut. Measured on the product's solid pixels as the median
 * absolute Laplacian of luma, which texture and edges barely move, unlike a plain spread.
 */
final class PhotoGrain {

    /** Luma grain of a clean digital photo, in 8-bit levels (standard deviation), when there is nothing to measure. */
    static final float DEFAULT_LEVELS = 1.6f;
    private static final float MIN_LEVELS = 0.8f, MAX_LEVELS = 8f;
    /** For Gaussian noise of deviation s the 4-neighbour Laplacian has deviation s·√20 and median |value| 0.6745 of that. */
    private static final double MEDIAN_PER_LEVEL = 0.6745 * Math.sqrt(20);
    private static final int MAX_RESIDUAL = 4 * 255;
    private static final int SAMPLE_STEP = 4;

    private PhotoGrain() {
    }

    /** The grain's standard deviation in 8-bit levels, within {@value #MIN_LEVELS}..{@value #MAX_LEVELS}. */
    static float levels(RgbImage image, Mask mask, Box box) {
        int w = image.width(), h = image.height();
        int[] px = image.pixels();
        float[] a = mask.alpha();
        int[] histogram = new int[MAX_RESIDUAL + 1];
        int n = 0;
        // One pixel in 4x4 is plenty (tens of thousands on a large product) and keeps this about a millisecond.
        for (int y = Math.max(1, box.y()); y < Math.min(h - 1, box.bottom()); y += SAMPLE_STEP) {
            for (int x = Math.max(1, box.x()); x < Math.min(w - 1, box.right()); x += SAMPLE_STEP) {
                int i = y * w + x;
                if (a[i] < 1f || a[i - 1] < 1f || a[i + 1] < 1f || a[i - w] < 1f || a[i + w] < 1f) continue;
                int r = 4 * luma(px[i]) - luma(px[i - 1]) - luma(px[i + 1]) - luma(px[i - w]) - luma(px[i + w]);
                histogram[Math.min(MAX_RESIDUAL, Math.abs(r))]++;
                n++;
            }
        }
        if (n < 100) {
            return DEFAULT_LEVELS;
        }
        int seen = 0, median = 0;
        while ((seen += histogram[median]) * 2 < n) {
            median++;
        }
        // Integer luma has quantisation noise of its own (about 0.3 levels): a median of 0 or 1 means "clean".
        float levels = (float) (median / MEDIAN_PER_LEVEL);
        return Math.max(MIN_LEVELS, Math.min(MAX_LEVELS, levels));
    }

    private static int luma(int rgb) {
        return (77 * PackedPixels.red(rgb) + 150 * PackedPixels.green(rgb) + 29 * PackedPixels.blue(rgb)) >> 8;
    }
}
