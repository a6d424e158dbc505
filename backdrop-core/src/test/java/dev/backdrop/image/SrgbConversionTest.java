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

    /** RGB (type 2) and RGBA (type 6) with an embedded profile: the same as converting the image whole. */
    @ParameterizedTest
    @ValueSource(ints = {2, 6})
    void anEmbeddedProfileConvertsAsTheImageConversionDoes(int colourType) throws Exception {
        int w = 37, h = 11, channels = colourType == 6 ? 4 : 3;
        Random random = new Random(colourType);
        byte[] rows = new byte[h * (1 + w * channels)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i % (1 + w * channels) == 0 ? 0 : (byte) random.nextInt(256);
        }
        java.awt.color.ICC_Profile linear = java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB);
        byte[] png = new PngBytes().header(w, h, 8, colourType).colourProfile(linear.getData()).imageData(rows).end();

        int[] decoded = new ImageDecoder().decode(png).pixels().pixels();

        BufferedImage read = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        boolean alpha = colourType == 6;
        java.awt.image.ComponentColorModel model = new java.awt.image.ComponentColorModel(
                new java.awt.color.ICC_ColorSpace(linear), alpha, false,
                alpha ? java.awt.Transparency.TRANSLUCENT : java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE);
        BufferedImage source = new BufferedImage(model, read.getRaster(), false, null);
        BufferedImage expected = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        new java.awt.image.ColorConvertOp(null).filter(source, expected);
        int[] argb = expected.getRGB(0, 0, w, h, null, 0, w);
        if (!alpha) {
            for (int i = 0; i < argb.length; i++) {
                argb[i] |= 0xFF000000;
            }
        }
        assertThat(decoded).containsExactly(argb);
    }
}
