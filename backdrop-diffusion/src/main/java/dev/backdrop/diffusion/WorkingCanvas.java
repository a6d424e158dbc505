package dev.backdrop.diffusion;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.image.Mask;
import dev.backdrop.filter.Resampler;
import dev.backdrop.image.RgbImage;

/**
 * The request's canvas at the size the model works at: the photo as RGB planes in [-1, 1] and the
 * repaint mask (1 = background to paint, 0 = product), which is the inverse of the product mask
 * grown by a few pixels so the model repaints the seam; the product's own pixels go back on top
 * at the end.
 */
record WorkingCanvas(int width, int height, float[][] rgb, float[] repaint, float[] product) {

    static WorkingCanvas of(BackgroundRequest request, int width, int height, int dilation) {
        RgbImage image = request.subject().image();
        float[][] planes = planes(image);
        float[][] rgb = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] plane = Resampler.BILINEAR.resize(planes[c], image.width(), image.height(), width, height);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = Math.max(-1f, Math.min(1f, plane[i] * 2f - 1f));
            }
            rgb[c] = plane;
        }
        Mask mask = request.subject().mask();
        float[] product = Resampler.BILINEAR.resize(mask.alpha(), mask.width(), mask.height(), width, height);
        float[] repaint = new float[product.length];
        for (int i = 0; i < product.length; i++) {
            repaint[i] = product[i] < 0.5f ? 1f : 0f;
        }
        return new WorkingCanvas(width, height, rgb, grow(repaint, width, height, dilation), product);
    }

    /** The image with the repaint region blanked (0 = mid gray), as inpainting models expect. */
    float[] maskedImage() {
        int n = width * height;
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                out[c * n + i] = repaint[i] >= 0.5f ? 0f : rgb[c][i];
            }
        }
        return out;
    }

    /** The image as one CHW array. */
    float[] image() {
        int n = width * height;
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(rgb[c], 0, out, c * n, n);
        }
        return out;
    }

    /** The repaint mask at latent resolution: a latent is repainted when most of its pixels are. */
    float[] latentMask(int latentWidth, int latentHeight) {
        float[] small = Resampler.BILINEAR.resize(repaint, width, height, latentWidth, latentHeight);
        for (int i = 0; i < small.length; i++) {
            small[i] = small[i] >= 0.5f ? 1f : 0f;
        }
        return small;
    }

    /** Grayscale of the product alone (background black), 0..255, for the edge map. */
    float[] productGray() {
        float[] gray = new float[width * height];
        for (int i = 0; i < gray.length; i++) {
            float luma = 0.299f * rgb[0][i] + 0.587f * rgb[1][i] + 0.114f * rgb[2][i];
            gray[i] = (luma + 1f) * 127.5f * Math.max(0f, Math.min(1f, product[i]));
        }
        return gray;
    }

    static float[][] planes(RgbImage image) {
        int[] px = image.pixels();
        float[][] planes = new float[3][px.length];
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            planes[0][i] = ((p >> 16) & 0xFF) / 255f;
            planes[1][i] = ((p >> 8) & 0xFF) / 255f;
            planes[2][i] = (p & 0xFF) / 255f;
        }
        return planes;
    }

    /** Square dilation of a 0/1 mask by {@code radius}: a separable max filter. */
    static float[] grow(float[] mask, int width, int height, int radius) {
        if (radius <= 0) {
            return mask;
        }
        float[] rows = new float[mask.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float m = 0;
                for (int dx = Math.max(0, x - radius); dx <= Math.min(width - 1, x + radius) && m < 1; dx++) {
                    m = Math.max(m, mask[y * width + dx]);
                }
                rows[y * width + x] = m;
            }
        }
        float[] out = new float[mask.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float m = 0;
                for (int dy = Math.max(0, y - radius); dy <= Math.min(height - 1, y + radius) && m < 1; dy++) {
                    m = Math.max(m, rows[dy * width + x]);
                }
                out[y * width + x] = m;
            }
        }
        return out;
    }
}
