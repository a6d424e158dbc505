package dev.backdrop.cli;

import dev.backdrop.filter.Resampler;
import dev.backdrop.image.Encoding;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.ImageEncoder;
import dev.backdrop.image.ImageLimits;
import dev.backdrop.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A camera-sized test photo made by enlarging a real one (bicubic), so benchmarks need no large file in the repository. */
final class LargePhoto {

    private LargePhoto() {
    }

    /** Writes {@code source} enlarged to about {@code megapixels} as a PNG in {@code folder}; returns its path. */
    static Path write(Path source, double megapixels, Path folder) throws IOException {
        RgbImage photo = new ImageDecoder(ImageLimits.DEFAULT).decode(source).pixels().rgb();
        double scale = Math.sqrt(megapixels * 1e6 / ((double) photo.width() * photo.height()));
        int w = (int) Math.round(photo.width() * scale), h = (int) Math.round(photo.height() * scale);
        int[] px = photo.pixels();
        int[] out = new int[w * h];
        float[] channel = new float[px.length];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            for (int i = 0; i < px.length; i++) {
                channel[i] = (px[i] >> shift) & 0xFF;
            }
            float[] enlarged = Resampler.BICUBIC.resize(channel, photo.width(), photo.height(), w, h);
            for (int i = 0; i < enlarged.length; i++) {
                out[i] |= Math.max(0, Math.min(255, Math.round(enlarged[i]))) << shift;
            }
        }
        String name = InputFiles.baseName(source) + "-" + Math.round(megapixels) + "mp.png";
        Path file = folder.resolve(name);
        Files.write(file, new ImageEncoder().encode(new RgbImage(w, h, out), Encoding.png()));
        return file;
    }
}
