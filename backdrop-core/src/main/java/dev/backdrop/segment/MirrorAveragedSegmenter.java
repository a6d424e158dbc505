package dev.backdrop.segment;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

/**
 * Test-time augmentation: segments the photo and its mirror image and averages the two masks, which
 * evens out the model's left-right quirks. Two model passes, so it is the opt-in high-quality mode
 * ({@link CutoutQuality#HIGH}), never the default.
 */
public final class MirrorAveragedSegmenter implements Segmenter {

    private final Segmenter segmenter;

    public MirrorAveragedSegmenter(Segmenter segmenter) {
        this.segmenter = segmenter;
    }

    @Override
    public Mask segment(RgbImage image) {
        int w = image.width(), h = image.height();
        Mask direct = segmenter.segment(image);
        Mask mirrored = segmenter.segment(new RgbImage(w, h, mirror(image.pixels(), w, h)));
        float[] a = direct.alpha(), b = mirrored.alpha();
        float[] out = new float[a.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                out[row + x] = 0.5f * (a[row + x] + b[row + w - 1 - x]);
            }
        }
        return new Mask(w, h, out);
    }

    private static int[] mirror(int[] pixels, int w, int h) {
        int[] out = new int[pixels.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                out[row + x] = pixels[row + w - 1 - x];
            }
        }
        return out;
    }
}
