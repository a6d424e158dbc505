package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-reading path for interleaved 8-bit images gives what {@code BufferedImage.getRGB} gives. */
class SrgbConversionTest {

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB})
    void interleavedPixelsAreReadAsGetRgbReadsThem(int type) {
        BufferedImage image = randomImage(type, 67, 41);
        RgbaImage converted = SrgbConversion.toRgba(image, ColorSpace.getInstance(ColorSpace.CS_sRGB));
        assertThat(converted.pixels()).containsExactly(image.getRGB(0, 0, 67, 41, null, 0, 67));
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR})
    void aCropSharingItsParentsBufferStartsAtItsOwnCorner(int type) {
        BufferedImage crop = randomImage(type, 50, 40).getSubimage(7, 5, 30, 20);
        RgbaImage converted = SrgbConversion.toRgba(crop, ColorSpace.getInstance(ColorSpace.CS_sRGB));
        assertThat(converted.pixels()).containsExactly(crop.getRGB(0, 0, 30, 20, null, 0, 30));
    }

    private static BufferedImage randomImage(int type, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, type);
        Random random = new Random(type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }
}
