package dev.backdrop.testing;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The test photographs as pixel buffers, and simple hand-made masks for them. */
public final class Photos {

    private Photos() {
    }

    public static RgbImage read(String name) {
        try (InputStream in = Photos.class.getResourceAsStream("/photos/" + name)) {
            BufferedImage bi = ImageIO.read(in);
            int w = bi.getWidth(), h = bi.getHeight();
            int[] px = bi.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < px.length; i++) {
                px[i] &= 0xFFFFFF;
            }
            return new RgbImage(w, h, px);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The espresso cup and saucer of coffee.png as two overlapping ellipses with soft edges. */
    public static Mask coffeeMask() {
        int w = 600, h = 400;
        float[] a = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float saucer = ellipse(x, y, 278, 238, 202, 148);
                float cup = ellipse(x, y, 290, 140, 118, 122);
                a[y * w + x] = Math.max(saucer, cup);
            }
        }
        return new Mask(w, h, a);
    }

    /** Coverage of an anti-aliased ellipse: 1 inside, 0 outside, a ramp about a pixel wide. */
    private static float ellipse(int x, int y, float cx, float cy, float rx, float ry) {
        float dx = (x + 0.5f - cx) / rx, dy = (y + 0.5f - cy) / ry;
        float d = (float) Math.sqrt(dx * dx + dy * dy);
        float edge = (1f - d) * Math.min(rx, ry);
        return Math.max(0f, Math.min(1f, edge + 0.5f));
    }

    public static void write(RgbImage img, String path) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        bi.setRGB(0, 0, img.width(), img.height(), img.pixels(), 0, img.width());
        try {
            ImageIO.write(bi, "png", new java.io.File(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
