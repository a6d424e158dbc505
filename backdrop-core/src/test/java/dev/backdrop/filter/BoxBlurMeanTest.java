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

    @Test
    void bandsAndInterleavedRowsGiveTheSerialRunningSumsBitForBit() {
        // Large enough to be split into bands; a height that is not a multiple of four.
        int w = 311, h = 203;
        float[] plane = new float[w * h];
        Random random = new Random(11);
        for (int i = 0; i < plane.length; i++) {
            plane[i] = random.nextFloat() * random.nextFloat();
        }
        for (int r : new int[] {1, 5, 90, 400}) {
            assertThat(BoxBlur.mean(plane, w, h, r)).as("r=%d", r).isEqualTo(serialMean(plane, w, h, r));
        }
    }

    @Test
    void reusedScratchAndAnInPlaceResultGiveTheSameMeans() {
        int w = 157, h = 99;
        float[] plane = new float[w * h];
        Random random = new Random(12);
        for (int i = 0; i < plane.length; i++) {
            plane[i] = random.nextFloat();
        }
        float[] scratch = new float[plane.length];
        java.util.Arrays.fill(scratch, Float.NaN);
        for (int r : new int[] {2, 30}) {
            float[] expected = serialMean(plane, w, h, r);
            float[] inPlace = plane.clone();
            assertThat(BoxBlur.mean(inPlace, w, h, r, scratch, inPlace)).as("r=%d", r).isSameAs(inPlace)
                    .isEqualTo(expected);
        }
    }

    /** The running-sum mean as one thread walks it, rows then columns down the plane. */
    private static float[] serialMean(float[] plane, int w, int h, int r) {
        float[] tmp = new float[plane.length];
        float[] out = new float[plane.length];
        for (int y = 0; y < h; y++) {
            serialPass(plane, y * w, 1, w, r, tmp);
        }
        for (int x = 0; x < w; x++) {
            serialPass(tmp, x, w, h, r, out);
        }
        return out;
    }

    private static void serialPass(float[] src, int offset, int stride, int n, int r, float[] dst) {
        double sum = 0;
        for (int i = 0; i <= Math.min(n - 1, r); i++) {
            sum += src[offset + i * stride];
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                if (i + r < n) {
                    sum += src[offset + (i + r) * stride];
                }
                if (i - r - 1 >= 0) {
                    sum -= src[offset + (i - r - 1) * stride];
                }
            }
            int count = Math.min(n - 1, i + r) - Math.max(0, i - r) + 1;
            dst[offset + i * stride] = (float) (sum / count);
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
