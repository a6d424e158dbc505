package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cut-out's final mask against the one recorded for the same photo (src/test/resources/masks,
 * 8-bit, written by {@code backdrop cutout --mask}): faster code must cut the same subject. The
 * speed work left the earlier recordings unchanged byte for byte; these were recorded again when
 * the refinement changed on purpose (stray fragments, hesitant holes, the guided filter weighted by
 * the model's uncertainty). A change meant to alter masks replaces these files.
 */
class CutoutMaskGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"coffee", "chelsea", "astronaut"})
    void theMaskIsTheOneRecorded(String photo) throws IOException {
        RgbImage image = TestPhotos.load(photo + ".png");
        Mask mask = new CutoutMaker(TestModels.isnetFp16()).cut(image).mask();
        Mask golden = golden(photo);
        assertThat(mask.width()).isEqualTo(golden.width());
        assertThat(mask.height()).isEqualTo(golden.height());
        long both = 0, either = 0;
        double difference = 0;
        for (int i = 0; i < mask.alpha().length; i++) {
            boolean ours = mask.alpha()[i] > 0.5f, recorded = golden.alpha()[i] > 0.5f;
            both += ours && recorded ? 1 : 0;
            either += ours || recorded ? 1 : 0;
            difference += Math.abs(Math.round(mask.alpha()[i] * 255f) / 255f - golden.alpha()[i]);
        }
        assertThat(either).as("subject pixels").isGreaterThan(mask.alpha().length / 20);
        assertThat((double) both / either).as("IoU of alpha > 0.5").isGreaterThanOrEqualTo(0.995);
        assertThat(difference / mask.alpha().length).as("mean |Δα| after 8-bit rounding").isLessThan(0.002);
    }

    private static Mask golden(String photo) throws IOException {
        try (InputStream in = CutoutMaskGoldenTest.class.getResourceAsStream("/masks/" + photo + ".mask.png")) {
            int[] gray = new ImageDecoder().decode(in.readAllBytes()).pixels().pixels();
            float[] alpha = new float[gray.length];
            for (int i = 0; i < gray.length; i++) {
                alpha[i] = (gray[i] & 0xFF) / 255f;
            }
            RgbImage size = TestPhotos.load(photo + ".png");
            return new Mask(size.width(), size.height(), alpha);
        }
    }
}
