package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.testing.TinySegmentationModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorAveragedSegmenterTest {

    @TempDir
    Path dir;

    @Test
    void aMaskThatFollowsThePhotoIsUnchanged() {
        int size = 16;
        RgbImage photo = RgbImage.blank(size, size);
        for (int i = 0; i < photo.pixels().length; i++) {
            photo.pixels()[i] = ((i * 37) % 256) << 16;
        }
        Path file = TinySegmentationModel.write(dir.resolve("red.onnx"), size, new float[] {1, 0, 0}, 0);
        ModelProfile profile = new ModelProfile("red", file, size, new float[3], new float[] {1, 1, 1}, 1,
                MaskOutput.PROBABILITIES);
        try (OnnxSegmenter model = new OnnxSegmenter(profile, 1)) {
            Mask once = model.segment(photo);
            Mask averaged = CutoutQuality.HIGH.apply(model).segment(photo);
            for (int i = 0; i < once.alpha().length; i++) {
                assertThat(averaged.alpha()[i]).as("pixel %d", i).isCloseTo(once.alpha()[i], within(1e-6f));
                assertThat(once.alpha()[i]).isCloseTo(((photo.pixels()[i] >> 16) & 0xFF) / 255f, within(1e-6f));
            }
        }
    }

    @Test
    void aLeftRightBiasEvensOut() {
        // A model that always leans right, whatever the photo: its mirrored mask, flipped back,
        // leans left, and the average is even.
        Segmenter leaning = image -> {
            Mask m = Mask.empty(image.width(), image.height());
            for (int i = 0; i < m.alpha().length; i++) {
                m.alpha()[i] = (i % image.width()) / (image.width() - 1f);
            }
            return m;
        };
        Mask averaged = CutoutQuality.HIGH.apply(leaning).segment(RgbImage.blank(9, 4));
        for (float a : averaged.alpha()) {
            assertThat(a).isCloseTo(0.5f, within(1e-6f));
        }
        assertThat(CutoutQuality.STANDARD.apply(leaning)).isSameAs(leaning);
    }
}
