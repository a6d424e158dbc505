package dev.backdrop.testing;

import dev.backdrop.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** The real photographs under {@code src/test/resources/photos} (see SOURCES.md there). */
public final class TestPhotos {

    private TestPhotos() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = TestPhotos.class.getResourceAsStream("/photos/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test photo " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RgbImage load(String name) {
        try {
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes(name)));
            int w = image.getWidth(), h = image.getHeight();
            int[] px = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < px.length; i++) {
                px[i] &= 0xFFFFFF;
            }
            return new RgbImage(w, h, px);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
