package dev.backdrop.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Pictures made by the tests, written with the platform's own writers. */
final class TestPictures {

    private TestPictures() {
    }

    /** An image in which every pixel differs from its neighbours, with a varying alpha ramp. */
    static RgbaImage pattern(int width, int height, boolean withAlpha) {
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int a = withAlpha ? (x * 255 / Math.max(1, width - 1)) : 255;
                int r = (x * 7 + y * 3) & 0xFF, g = (y * 11) & 0xFF, b = (x * y + 40) & 0xFF;
                pixels[y * width + x] = (a << 24) | (r << 16) | (g << 8) | b;
            }
        }
        return new RgbaImage(width, height, pixels);
    }

    /** Smooth colours, which lossy codecs keep close. */
    static RgbaImage smooth(int width, int height, boolean withAlpha) {
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int a = withAlpha ? 60 + x * 195 / Math.max(1, width - 1) : 255;
                int r = 30 + x * 200 / width, g = 200 - y * 150 / height, b = 90;
                pixels[y * width + x] = (a << 24) | (r << 16) | (g << 8) | b;
            }
        }
        return new RgbaImage(width, height, pixels);
    }

    static BufferedImage toBuffered(RgbaImage image, int type) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), type);
        out.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
        return out;
    }

    static byte[] write(BufferedImage image, String format) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static byte[] photo(String name) {
        try (InputStream in = TestPictures.class.getResourceAsStream("/photos/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test photo " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The largest difference of any channel (alpha included) between two packed pixels. */
    static int channelDistance(int p, int q) {
        int max = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            max = Math.max(max, Math.abs(((p >>> shift) & 0xFF) - ((q >>> shift) & 0xFF)));
        }
        return max;
    }

    /** The largest difference of any channel (alpha included) over all pixels. */
    static int maxChannelDifference(RgbaImage a, RgbaImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new AssertionError("sizes differ: " + a.width() + "x" + a.height() + " vs " + b.width() + "x" + b.height());
        }
        int max = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            max = Math.max(max, channelDistance(a.pixels()[i], b.pixels()[i]));
        }
        return max;
    }

    /** Mean absolute difference of the colour channels, 0-255. */
    static double meanColourDifference(RgbaImage a, RgbaImage b) {
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            int p = a.pixels()[i], q = b.pixels()[i];
            for (int shift = 0; shift < 24; shift += 8) {
                sum += Math.abs(((p >>> shift) & 0xFF) - ((q >>> shift) & 0xFF));
            }
        }
        return sum / (3.0 * a.pixels().length);
    }
}
