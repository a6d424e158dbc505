package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import org.junit.jupiter.api.Test;

class GuidedFilterTest {

    @Test
    void blurryMaskEdgeSnapsToTheImageEdge() {
        int w = 64, h = 32, edge = 30;
        RgbImage image = RgbImage.blank(w, h);
        Mask blurry = Mask.empty(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.pixels()[y * w + x] = x < edge ? 0xF0F0F0 : 0x101010;
                // The model's edge: a 16-pixel ramp centred on the true edge.
                blurry.alpha()[y * w + x] = Math.max(0f, Math.min(1f, 0.5f - (x - edge + 0.5f) / 16f));
            }
        }
        Mask refined = new GuidedFilter(6, 1e-4f).refine(image, blurry);
        int y = h / 2;
        assertThat(refined.at(edge - 3, y)).as("inside").isGreaterThan(blurry.at(edge - 3, y) + 0.1f);
        assertThat(refined.at(edge + 2, y)).as("outside").isLessThan(blurry.at(edge + 2, y) - 0.1f);
    }

    @Test
    void flatImageKeepsAFlatMaskAndStaysInRange() {
        RgbImage gray = RgbImage.blank(20, 20);
        java.util.Arrays.fill(gray.pixels(), 0x777777);
        Mask half = Mask.empty(20, 20);
        java.util.Arrays.fill(half.alpha(), 0.5f);
        Mask refined = new GuidedFilter(3, 1e-3f).refine(gray, half);
        for (float v : refined.alpha()) {
            assertThat(v).isBetween(0.49f, 0.51f);
        }
    }
}
