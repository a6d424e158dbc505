package dev.backdrop.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {

    @Test
    void equalsTheBruteForceDistanceOnScatteredPoints() {
        int w = 37, h = 23;
        Random random = new Random(7);
        boolean[] marked = new boolean[w * h];
        for (int k = 0; k < 9; k++) {
            marked[random.nextInt(marked.length)] = true;
        }
        float[] d = DistanceTransform.squared(marked, w, h);
        for (int i = 0; i < marked.length; i++) {
            int best = Integer.MAX_VALUE;
            for (int j = 0; j < marked.length; j++) {
                if (marked[j]) {
                    int dx = i % w - j % w, dy = i / w - j / w;
                    best = Math.min(best, dx * dx + dy * dy);
                }
            }
            assertThat(d[i]).as("pixel %d", i).isEqualTo((float) best);
        }
    }

    @Test
    void nothingMarkedIsFarEverywhere() {
        float[] d = DistanceTransform.squared(new boolean[12], 4, 3);
        for (float v : d) {
            assertThat(v).isGreaterThan(1e10f);
        }
    }
}
