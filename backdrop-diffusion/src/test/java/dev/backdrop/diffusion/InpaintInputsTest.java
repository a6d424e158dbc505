package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.RgbImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InpaintInputsTest {

    @Test
    void repaintMaskIsTheGrownInverseOfTheProduct() {
        BackgroundRequest request = TinyFolders.request(1, 1);
        WorkingCanvas canvas = WorkingCanvas.of(request, 96, 72, 2);
        float[] repaint = canvas.repaint();
        assertThat(repaint[0]).isEqualTo(1f);
        assertThat(repaint[40 * 96 + 48]).as("product centre kept").isEqualTo(0f);
        assertThat(repaint[40 * 96 + 34]).as("two pixels inside the product edge: repainted").isEqualTo(1f);
        assertThat(repaint[40 * 96 + 36]).as("three pixels inside: kept").isEqualTo(0f);
        float[] masked = canvas.maskedImage();
        assertThat(masked[0]).as("repainted region blanked").isEqualTo(0f);
        assertThat(masked[40 * 96 + 48]).isEqualTo(canvas.rgb()[0][40 * 96 + 48]);
        float[] latent = canvas.latentMask(12, 9);
        assertThat(latent[0]).isEqualTo(1f);
        assertThat(latent[5 * 12 + 6]).isEqualTo(0f);
    }

    @Test
    void cannyFindsTheOutlineOfASquareAndNothingElse() {
        int w = 32, h = 32;
        float[] gray = new float[w * h];
        for (int y = 8; y < 24; y++) {
            for (int x = 8; x < 24; x++) {
                gray[y * w + x] = 255;
            }
        }
        float[] edges = CannyEdges.detect(gray, w, h, CannyEdges.LOW, CannyEdges.HIGH);
        assertThat(edges[16 * w + 16]).as("flat inside").isEqualTo(0f);
        assertThat(edges[2 * w + 2]).as("flat outside").isEqualTo(0f);
        assertThat(edges[16 * w + 7] + edges[16 * w + 8]).as("left edge").isGreaterThanOrEqualTo(1f);
        assertThat(edges[7 * w + 16] + edges[8 * w + 16]).as("top edge").isGreaterThanOrEqualTo(1f);
        double total = 0;
        for (float e : edges) {
            total += e;
        }
        assertThat(total).isBetween(50.0, 140.0);
    }

    @Test
    void clipInputIsCentreCroppedAndNormalised() {
        int[] px = new int[300 * 200];
        Arrays.fill(px, 0xFFFFFF);
        float[] pixels = ClipImageInput.pixels(new RgbImage(300, 200, px), 224);
        assertThat(pixels).hasSize(3 * 224 * 224);
        assertThat(pixels[0]).isCloseTo((1 - 0.48145466f) / 0.26862954f, within(1e-3f));
        assertThat(pixels[2 * 224 * 224]).isCloseTo((1 - 0.40821073f) / 0.27577711f, within(1e-3f));
    }

    @Test
    void batchNoiseGivesEachSampleItsOwnSeed() {
        float[] batch = new SampleNoise(5, 3).next(3 * 40);
        for (int k = 0; k < 3; k++) {
            float[] alone = new SampleNoise(5 + k, 1).next(40);
            assertThat(Arrays.copyOfRange(batch, k * 40, (k + 1) * 40)).isEqualTo(alone);
        }
    }
}
