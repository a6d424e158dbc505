package dev.backdrop.compose;

import dev.backdrop.image.Box;
import dev.backdrop.background.Subject;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

/**
 * Puts the photo and its mask on the output canvas according to a {@link Framing}. When the
 * canvas is the photo's size and the product keeps its place, pixels are copied untouched;
 * otherwise both are resampled with the same transform (bilinear, with an area pre-reduction
 * when shrinking a lot) and the photo's edges extend past its borders.
 */
public final class Framer {

    public Subject frame(RgbImage photo, Mask mask, Framing framing) {
        if (photo.width() != mask.width() || photo.height() != mask.height()) {
            throw new InvalidCompositionException("mask", "the mask is " + mask.width() + "x" + mask.height()
                    + " but the photo is " + photo.width() + "x" + photo.height());
        }
        int w = framing.width(), h = framing.height();
        Box box = Box.of(mask, 0.5f);
        double scale, ox, oy;
        if (framing.placement() instanceof Placement.Centered c) {
            if (box.isEmpty()) {
                throw new InvalidCompositionException("mask", "no product was found in the photo, so it can't be centred");
            }
            double availW = w * (1 - 2 * c.padding()), availH = h * (1 - 2 * c.padding());
            scale = Math.min(availW / box.width(), availH / box.height());
            ox = w / 2.0 - (box.x() + box.width() / 2.0) * scale;
            oy = h / 2.0 - (box.y() + box.height() / 2.0) * scale;
        } else {
            if (w == photo.width() && h == photo.height()) {
                return new Subject(photo, mask, box);
            }
            scale = Math.max((double) w / photo.width(), (double) h / photo.height());
            ox = (w - photo.width() * scale) / 2.0;
            oy = (h - photo.height() * scale) / 2.0;
        }
        RgbImage img = resample(photo, scale, ox, oy, w, h);
        Mask m = resample(mask, scale, ox, oy, w, h);
        return Subject.of(img, m);
    }

    private static RgbImage resample(RgbImage src, double scale, double ox, double oy, int w, int h) {
        float[][] planes = new float[3][src.width() * src.height()];
        int[] px = src.pixels();
        for (int i = 0; i < px.length; i++) {
            planes[0][i] = (px[i] >> 16) & 0xFF;
            planes[1][i] = (px[i] >> 8) & 0xFF;
            planes[2][i] = px[i] & 0xFF;
        }
        float[][] out = new float[3][];
        for (int c = 0; c < 3; c++) {
            out[c] = resample(planes[c], src.width(), src.height(), scale, ox, oy, w, h);
        }
        int[] res = new int[w * h];
        for (int i = 0; i < res.length; i++) {
            res[i] = (clamp255(out[0][i]) << 16) | (clamp255(out[1][i]) << 8) | clamp255(out[2][i]);
        }
        return new RgbImage(w, h, res);
    }

    private static Mask resample(Mask src, double scale, double ox, double oy, int w, int h) {
        float[] a = resample(src.alpha(), src.width(), src.height(), scale, ox, oy, w, h);
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(0f, Math.min(1f, a[i]));
        }
        return new Mask(w, h, a);
    }

    /** Destination pixel (x, y) samples the source at ((x + .5 - ox) / scale - .5, ...). */
    private static float[] resample(float[] src, int sw, int sh, double scale, double ox, double oy, int w, int h) {
        int factor = scale < 0.5 ? (int) Math.floor(1 / scale) : 1;
        if (factor > 1) {
            src = dev.backdrop.filter.Resample.reduce(src, sw, sh, factor);
            sw = (sw + factor - 1) / factor;
            sh = (sh + factor - 1) / factor;
            scale *= factor;
        }
        float[] dst = new float[w * h];
        for (int y = 0; y < h; y++) {
            double sy = Math.max(0, Math.min(sh - 1, (y + 0.5 - oy) / scale - 0.5));
            int y0 = (int) sy, y1 = Math.min(sh - 1, y0 + 1);
            float fy = (float) (sy - y0);
            for (int x = 0; x < w; x++) {
                double sx = Math.max(0, Math.min(sw - 1, (x + 0.5 - ox) / scale - 0.5));
                int x0 = (int) sx, x1 = Math.min(sw - 1, x0 + 1);
                float fx = (float) (sx - x0);
                float a = src[y0 * sw + x0] + (src[y0 * sw + x1] - src[y0 * sw + x0]) * fx;
                float b = src[y1 * sw + x0] + (src[y1 * sw + x1] - src[y1 * sw + x0]) * fx;
                dst[y * w + x] = a + (b - a) * fy;
            }
        }
        return dst;
    }

    private static int clamp255(float v) {
        int c = Math.round(v);
        return c < 0 ? 0 : (c > 255 ? 255 : c);
    }
}
