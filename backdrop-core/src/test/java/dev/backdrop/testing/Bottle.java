package dev.backdrop.testing;

import dev.backdrop.background.Subject;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

/**
 * A drawn bottle standing in the lower middle of a canvas: a synthetic subject with a known
 * mask (anti-aliased edges) and a glass-green body with a highlight, on a flat gray "photo".
 */
public final class Bottle {

    public static final int PHOTO_BACKGROUND = 0x909090;

    private Bottle() {
    }

    public static Subject on(int width, int height) {
        int[] px = new int[width * height];
        float[] a = new float[width * height];
        float cx = width * 0.5f, bottom = height * 0.86f, top = height * 0.22f;
        float bodyR = width * 0.11f, neckR = width * 0.035f, shoulder = top + (bottom - top) * 0.38f;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float fy = y + 0.5f, fx = x + 0.5f;
                float r;
                if (fy < top || fy > bottom) {
                    r = -1;
                } else if (fy < shoulder - (bottom - top) * 0.12f) {
                    r = neckR;
                } else if (fy < shoulder) {
                    float t = (fy - (shoulder - (bottom - top) * 0.12f)) / ((bottom - top) * 0.12f);
                    r = neckR + (bodyR - neckR) * t * t * (3 - 2 * t);
                } else {
                    r = bodyR;
                }
                float cover = r < 0 ? 0f : Math.max(0f, Math.min(1f, r - Math.abs(fx - cx) + 0.5f));
                cover *= Math.max(0f, Math.min(1f, Math.min(fy - top, bottom - fy) + 0.5f));
                int i = y * width + x;
                a[i] = cover;
                float shade = r > 0 ? 0.55f + 0.45f * (float) Math.cos((fx - cx) / Math.max(1f, r) * 1.2) : 0f;
                int g = (int) (40 + 150 * shade), rr = (int) (20 + 60 * shade), b = (int) (30 + 70 * shade);
                int body = (rr << 16) | (g << 8) | b;
                px[i] = cover > 0 ? blend(body, PHOTO_BACKGROUND, cover) : PHOTO_BACKGROUND;
            }
        }
        return Subject.of(new RgbImage(width, height, px), new Mask(width, height, a));
    }

    private static int blend(int fg, int bg, float t) {
        int r = Math.round(((fg >> 16) & 0xFF) * t + ((bg >> 16) & 0xFF) * (1 - t));
        int g = Math.round(((fg >> 8) & 0xFF) * t + ((bg >> 8) & 0xFF) * (1 - t));
        int b = Math.round((fg & 0xFF) * t + (bg & 0xFF) * (1 - t));
        return (r << 16) | (g << 8) | b;
    }
}
