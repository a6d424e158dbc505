package dev.backdrop.diffusion;

import dev.backdrop.filter.Resampler;
import dev.backdrop.image.RgbImage;

/**
 * A reference image as CLIP's vision encoder takes it: shortest side resized to the input size
 * (bicubic), centre crop, then normalised with CLIP's mean and standard deviation. CHW floats.
 */
final class ClipImageInput {

    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private ClipImageInput() {
    }

    static float[] pixels(RgbImage image, int size) {
        double scale = (double) size / Math.min(image.width(), image.height());
        int w = Math.max(size, (int) Math.round(image.width() * scale));
        int h = Math.max(size, (int) Math.round(image.height() * scale));
        int left = (w - size) / 2;
        int top = (h - size) / 2;
        float[][] planes = WorkingCanvas.planes(image);
        float[] out = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            float[] resized = Resampler.BICUBIC.resize(planes[c], image.width(), image.height(), w, h);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = Math.max(0f, Math.min(1f, resized[(y + top) * w + x + left]));
                    out[c * size * size + y * size + x] = (v - MEAN[c]) / STD[c];
                }
            }
        }
        return out;
    }
}
