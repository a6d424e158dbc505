package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngDecodingTest extends DecoderSamplesTest {

    private static final int W = 40, H = 24;
    private static final int[] PALETTE = {0xFFE03020, 0xFF20A040, 0x802040E0, 0x00FFFFFF};

    @Override
    List<Good> goodSamples() {
        RgbaImage rgba = TestPictures.pattern(W, H, true);
        RgbaImage rgb = TestPictures.pattern(W, H, false);
        return List.of(
                new Good("8-bit rgb", TestPictures.write(TestPictures.toBuffered(rgb, BufferedImage.TYPE_INT_RGB), "png"),
                        ImageFormat.PNG, rgb, 0, false),
                new Good("8-bit rgba", TestPictures.write(TestPictures.toBuffered(rgba, BufferedImage.TYPE_INT_ARGB), "png"),
                        ImageFormat.PNG, rgba, 0, true),
                new Good("16-bit rgba", sixteenBit(rgba, true), ImageFormat.PNG, rgba, 0, true),
                new Good("16-bit rgb", sixteenBit(rgb, false), ImageFormat.PNG, rgb, 0, false),
                new Good("palette with transparency", palette(), ImageFormat.PNG, paletteExpected(), 0, true),
                new Good("8-bit gray", gray(8, false), ImageFormat.PNG, grayExpected(false), 0, false),
                new Good("16-bit gray", gray(16, false), ImageFormat.PNG, grayExpected(false), 0, false),
                new Good("gray and alpha", gray(8, true), ImageFormat.PNG, grayExpected(true), 0, true),
                new Good("linear-light ICC profile", linearProfilePng(), ImageFormat.PNG,
                        JpegDecodingTest.uniform(2, 2, 0xFFBCBCBC), 2, false),
                photo("coffee.png"),
                photo("chelsea.png"),
                photo("astronaut.png"));
    }

    @Override
    List<Broken> brokenSamples() {
        byte[] png = TestPictures.write(TestPictures.toBuffered(TestPictures.pattern(W, H, false),
                BufferedImage.TYPE_INT_RGB), "png");
        byte[] signatureOnly = Arrays.copyOf(png, 8);
        return List.of(
                Broken.corrupt("zero bytes", new byte[0]),
                Broken.corrupt("truncated", Arrays.copyOf(png, png.length / 2)),
                Broken.corrupt("signature only", signatureOnly),
                new Broken("text file named .png", "this is not a picture\n".getBytes(StandardCharsets.UTF_8),
                        UnsupportedImageException.class, "unsupported_image"));
    }

    @Test
    void samplesAreWhatTheirNamesSay() {
        assertThat(ihdr(sixteenBit(TestPictures.pattern(4, 4, true), true))).containsExactly(16, 6);
        assertThat(ihdr(palette())).containsExactly(8, 3);
        assertThat(ihdr(gray(16, false))).containsExactly(16, 0);
        assertThat(ihdr(gray(8, true))).containsExactly(8, 4);
    }

    @Test
    void photosHaveTheirKnownSizes() {
        assertThat(decoder.decode(TestPictures.photo("coffee.png")).pixels())
                .extracting(RgbaImage::width, RgbaImage::height).containsExactly(600, 400);
        assertThat(decoder.decode(TestPictures.photo("chelsea.png")).pixels())
                .extracting(RgbaImage::width, RgbaImage::height).containsExactly(451, 300);
        assertThat(decoder.decode(TestPictures.photo("astronaut.png")).pixels())
                .extracting(RgbaImage::width, RgbaImage::height).containsExactly(512, 512);
    }

    /** The photos are plain 8-bit sRGB PNGs, for which the JDK's own conversion is the reference. */
    private static Good photo(String name) {
        byte[] bytes = TestPictures.photo(name);
        try {
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            int w = image.getWidth(), h = image.getHeight();
            return new Good(name, bytes, ImageFormat.PNG, new RgbaImage(w, h, image.getRGB(0, 0, w, h, null, 0, w)), 0,
                    image.getColorModel().hasAlpha());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 16-bit samples a little off the exact 8-bit value, so that only correct scaling lands on it. */
    private static byte[] sixteenBit(RgbaImage image, boolean alpha) {
        ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        ComponentColorModel model = new ComponentColorModel(srgb, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(image.width(), image.height());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int p = image.pixels()[y * image.width() + x];
                int[] samples = {wide(p >> 16), wide(p >> 8), wide(p), wide(p >>> 24)};
                raster.setPixel(x, y, alpha ? samples : Arrays.copyOf(samples, 3));
            }
        }
        return TestPictures.write(new BufferedImage(model, raster, false, null), "png");
    }

    private static int wide(int eightBit) {
        int v = eightBit & 0xFF;
        return v * 257 + (v < 128 ? 100 : -100);
    }

    private static byte[] palette() {
        byte[][] channels = new byte[4][PALETTE.length];
        for (int i = 0; i < PALETTE.length; i++) {
            for (int c = 0; c < 4; c++) {
                channels[c][i] = (byte) (PALETTE[i] >>> (24 - 8 * c));
            }
        }
        IndexColorModel model = new IndexColorModel(8, PALETTE.length, channels[1], channels[2], channels[3], channels[0]);
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, model);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image.getRaster().setSample(x, y, 0, (x + y) % PALETTE.length);
            }
        }
        return TestPictures.write(image, "png");
    }

    private static RgbaImage paletteExpected() {
        int[] pixels = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                pixels[y * W + x] = PALETTE[(x + y) % PALETTE.length];
            }
        }
        return new RgbaImage(W, H, pixels);
    }

    /** Gray level and alpha both vary; gray 100 must stay 100 (not be taken as linear light). */
    private static byte[] gray(int bits, boolean alpha) {
        int type = bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, type);
        WritableRaster raster = model.createCompatibleWritableRaster(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = grayLevel(x, y);
                raster.setSample(x, y, 0, bits == 16 ? v * 257 : v);
                if (alpha) {
                    raster.setSample(x, y, 1, alphaLevel(x));
                }
            }
        }
        return TestPictures.write(new BufferedImage(model, raster, false, null), "png");
    }

    private static RgbaImage grayExpected(boolean alpha) {
        int[] pixels = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = grayLevel(x, y), a = alpha ? alphaLevel(x) : 255;
                pixels[y * W + x] = a << 24 | v << 16 | v << 8 | v;
            }
        }
        return new RgbaImage(W, H, pixels);
    }

    private static int grayLevel(int x, int y) {
        return x == 0 && y == 0 ? 100 : (x * 5 + y * 3) % 256;
    }

    private static int alphaLevel(int x) {
        return x * 255 / (W - 1);
    }

    /** 2x2 RGB, every sample 128, tagged with the linear-light profile: sRGB 188 when converted. */
    static byte[] linearProfilePng() {
        byte[] rows = new byte[2 * (1 + 2 * 3)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (byte) (i % 7 == 0 ? 0 : 128); // filter byte 0, then samples
        }
        return new PngBytes().header(2, 2, 8, 2)
                .colourProfile(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData())
                .imageData(rows)
                .end();
    }

    /** Bit depth and colour type from the header. */
    private static int[] ihdr(byte[] png) {
        return new int[] {png[24] & 0xFF, png[25] & 0xFF};
    }
}
