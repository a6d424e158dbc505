package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JpegDecodingTest extends DecoderSamplesTest {

    /** CMYK inks and the sRGB colour they should print as (uncalibrated, so only roughly). */
    private static final int[][] INKS = {
        {0, 255, 255, 0}, {255, 0, 255, 0}, {255, 255, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 255},
    };
    private static final int[] INK_COLOURS = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF, 0x000000};
    private static final int BLOCK = 16;

    @Override
    List<Good> goodSamples() {
        RgbaImage smooth = TestPictures.smooth(64, 48, false);
        RgbaImage coffee = decoder.decode(TestPictures.photo("coffee.png")).pixels();
        return List.of(
                new Good("rgb", TestPictures.write(TestPictures.toBuffered(smooth, BufferedImage.TYPE_INT_RGB), "jpeg"),
                        ImageFormat.JPEG, smooth, 12, false),
                new Good("gray", grayJpeg(), ImageFormat.JPEG, grayRamp(), 6, false),
                new Good("cmyk", cmykJpeg(new int[][] {{0, 128, 255, 0}}), ImageFormat.JPEG,
                        uniform(BLOCK, BLOCK, 0xFFFF7F00), 8, false),
                new Good("rgb with a linear-light ICC profile", linearProfileJpeg(128), ImageFormat.JPEG,
                        uniform(16, 16, 0xFFBCBCBC), 3, false),
                new Good("photo", TestPictures.write(TestPictures.toBuffered(coffee, BufferedImage.TYPE_INT_RGB), "jpeg"),
                        ImageFormat.JPEG, coffee, 110, false));
    }

    @Override
    List<Broken> brokenSamples() {
        byte[] jpeg = TestPictures.write(TestPictures.toBuffered(TestPictures.pattern(64, 64, false),
                BufferedImage.TYPE_INT_RGB), "jpeg");
        return List.of(
                Broken.corrupt("truncated to half", Arrays.copyOf(jpeg, jpeg.length / 2)),
                Broken.corrupt("truncated to 90 percent", Arrays.copyOf(jpeg, jpeg.length * 9 / 10)),
                Broken.corrupt("only the start marker", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
    }

    @Test
    void cmykInksComeOutAsTheirColours() {
        byte[] jpeg = cmykJpeg(INKS);
        int sof = indexOf(jpeg, 0xFF, 0xC0);
        assertThat(jpeg[sof + 9]).as("components in the frame header").isEqualTo((byte) 4);

        RgbaImage decoded = decoder.decode(jpeg).pixels();

        for (int i = 0; i < INKS.length; i++) {
            // Block centres: JPEG rings at the hard edges between inks.
            int centre = decoded.pixels()[(BLOCK / 2) * decoded.width() + i * BLOCK + BLOCK / 2];
            assertThat(TestPictures.channelDistance(centre, 0xFF000000 | INK_COLOURS[i])).as("ink %d", i)
                    .isLessThanOrEqualTo(8);
        }
    }

    @Test
    void photoKeepsItsLook() {
        RgbaImage coffee = decoder.decode(TestPictures.photo("coffee.png")).pixels();
        byte[] jpeg = TestPictures.write(TestPictures.toBuffered(coffee, BufferedImage.TYPE_INT_RGB), "jpeg");

        RgbaImage decoded = decoder.decode(jpeg).pixels();

        assertThat(TestPictures.meanColourDifference(decoded, coffee)).isLessThan(6.0);
    }

    static byte[] linearProfileJpeg(int sample) {
        ColorSpace linear = new ICC_ColorSpace(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB));
        return TestPictures.write(filled(linear, 16, 16, sample, sample, sample), "jpeg");
    }

    /** A CMYK JPEG (Adobe APP14, four components) with one block per ink, written by TwelveMonkeys. */
    private static byte[] cmykJpeg(int[][] inks) {
        ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        BufferedImage image = filled(cmyk, inks.length * BLOCK, BLOCK, 0, 0, 0, 0);
        WritableRaster raster = image.getRaster();
        for (int i = 0; i < inks.length; i++) {
            for (int y = 0; y < BLOCK; y++) {
                for (int x = i * BLOCK; x < (i + 1) * BLOCK; x++) {
                    raster.setPixel(x, y, inks[i]);
                }
            }
        }
        return TestPictures.write(image, "jpeg");
    }

    private static BufferedImage filled(ColorSpace space, int width, int height, int... sample) {
        ComponentColorModel model = new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, sample);
            }
        }
        return new BufferedImage(model, raster, false, null);
    }

    private static byte[] grayJpeg() {
        RgbaImage ramp = grayRamp();
        BufferedImage gray = new BufferedImage(ramp.width(), ramp.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < ramp.height(); y++) {
            for (int x = 0; x < ramp.width(); x++) {
                gray.getRaster().setSample(x, y, 0, ramp.rgb().rgb(x, y) & 0xFF);
            }
        }
        return TestPictures.write(gray, "jpeg");
    }

    /** Gray levels stay as they are: 100 must not come out lightened to 168. */
    private static RgbaImage grayRamp() {
        int[] pixels = new int[64 * 16];
        for (int i = 0; i < pixels.length; i++) {
            int v = 40 + (i % 64) * 2;
            pixels[i] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        return new RgbaImage(64, 16, pixels);
    }

    static RgbaImage uniform(int width, int height, int argb) {
        int[] pixels = new int[width * height];
        Arrays.fill(pixels, argb);
        return new RgbaImage(width, height, pixels);
    }

    private static int indexOf(byte[] data, int first, int second) {
        for (int i = 0; i + 1 < data.length; i++) {
            if ((data[i] & 0xFF) == first && (data[i + 1] & 0xFF) == second) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }
}
