package dev.backdrop.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BoxBlurMeanTest {

    @Test
    void matchesThePlainWindowMean() {
        int w = 37, h = 23;
        float[] plane = new float[w * h];
        Random random = new Random(7);
        for (int i = 0; i < plane.length; i++) {
            plane[i] = random.nextFloat();
        }
        for (int r : new int[] {0, 1, 3, 12, 40}) {
            float[] fast = BoxBlur.mean(plane, w, h, r);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertThat(fast[y * w + x]).as("r=%d at %d,%d", r, x, y)
                            .isCloseTo(reference(plane, w, h, x, y, r), org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }

    /** Separable clipped mean, computed the slow way: rows first, then columns. */
    private static float reference(float[] p, int w, int h, int x, int y, int r) {
        double total = 0;
        int rows = 0;
        for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
            double row = 0;
            int n = 0;
            for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                row += p[yy * w + xx];
                n++;
            }
            total += row / n;
            rows++;
        }
        return (float) (total / rows);
    }
}
