package dev.backdrop.compose;

import dev.backdrop.background.Subject;
import dev.backdrop.filter.BoxBlur;
import dev.backdrop.filter.Resample;
import dev.backdrop.image.Box;
import dev.backdrop.image.PackedPixels;

/**
 * The product's partly covered edge pixels made ready for a new background, so no rim of the old
 * one shows on it. Near each edge pixel the photo's old background {@code B} (mean of the nearby
 * uncovered pixels) and the product's own colour {@code F} (mean of the nearby fully covered
 * ones) are known; the pixel's colour {@code I} says how much of it really is product, its
 * projection onto {@code F - B}. Where that is less than the mask claims (a soft mask reaching
 * out over the old background, the usual source of a light halo along a dark rim), the coverage
 * is lowered to it, never raised; and the mask's outer half-ramp is steepened, as a product's
 * outline is sharp where a model's mask spills softly past it. The pixel's product colour is then {@code I} with the old
 * background taken out, {@code (I - (1 - α)B) / α}, leaning on {@code F} where {@code α} is
 * too small for that to be trusted. Composition blends that colour over the new background.
 */
final class EdgeColours {

    /** Below this contrast between product and old background (8-bit levels) the projection is not trusted. */
    private static final float MIN_CONTRAST = 24f;

    private final Box region;
    private final float[] alpha;
    private final int[] colour;

    private EdgeColours(Box region, float[] alpha, int[] colour) {
        this.region = region;
        this.alpha = alpha;
        this.colour = colour;
    }

    static EdgeColours of(Subject subject, Box reach) {
        int w = subject.width(), h = subject.height();
        float[] a = subject.mask().alpha();
        int[] photo = subject.image().pixels(), clean = subject.foreground().pixels();
        int radius = Math.max(6, Math.round(0.012f * (reach.width() + reach.height())));
        Box region = reach.isEmpty() ? new Box(0, 0, 0, 0) : reach.grow(radius * 2, w, h);
        int rw = region.width(), rh = region.height(), n = rw * rh;
        float[][] back = new float[4][n], fore = new float[4][n];
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                int i = (region.y() + y) * w + region.x() + x, j = y * rw + x;
                float al = a[i];
                int p = photo[i];
                if (al <= 0.05f) {
                    put(back, j, p);
                } else if (al >= 0.95f) {
                    put(fore, j, p);
                }
            }
        }
        // The neighbourhood means are wide and smooth: worked at half size, they cost a quarter.
        int hw = (rw + 1) / 2, hh = (rh + 1) / 2;
        for (int c = 0; c < 4; c++) {
            back[c] = Resample.reduce(back[c], rw, rh, 2);
            fore[c] = Resample.reduce(fore[c], rw, rh, 2);
            BoxBlur.blur(back[c], hw, hh, Math.max(3, radius / 2), 2);
            BoxBlur.blur(fore[c], hw, hh, Math.max(3, radius / 2), 2);
        }

        float[] alphaOut = new float[n];
        int[] colourOut = new int[n];
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                int i = (region.y() + y) * w + region.x() + x, j = y * rw + x;
                float al = a[i];
                alphaOut[j] = al;
                colourOut[j] = al >= 1f ? photo[i] : clean[i];
                int q = (y >> 1) * hw + (x >> 1);
                if (al <= 0f || al >= 1f || back[3][q] < 1e-3f || fore[3][q] < 1e-3f) continue;
                float bw = 1f / back[3][q], fw = 1f / fore[3][q];
                float br = back[0][q] * bw, bg = back[1][q] * bw, bb = back[2][q] * bw;
                float fr = fore[0][q] * fw, fg = fore[1][q] * fw, fb = fore[2][q] * fw;
                int p = photo[i];
                float ir = PackedPixels.red(p), ig = PackedPixels.green(p), ib = PackedPixels.blue(p);
                float dr = fr - br, dg = fg - bg, db = fb - bb;
                float contrast = dr * dr + dg * dg + db * db;
                // Product edges are sharp: the mask's outer half-ramp (under ½) is steepened, so a
                // model's soft spill past the outline fades out within a pixel or two.
                float cover = al < 0.5f ? Math.max(0f, Math.min(al, (al - 0.5f) * 2.5f + 0.5f)) : al;
                // The coverage the pixel's colour was made with, to take the old background out of it.
                float made = al;
                if (contrast >= MIN_CONTRAST * MIN_CONTRAST) {
                    float seen = Math.max(0f, ((ir - br) * dr + (ig - bg) * dg + (ib - bb) * db) / contrast);
                    cover = Math.min(cover, seen);
                    made = Math.min(al, seen);
                }
                alphaOut[j] = cover;
                if (made < 0.01f) {
                    colourOut[j] = PackedPixels.clampedRgb(fr, fg, fb);
                    continue;
                }
                float k = 1f - made;
                float sr = clamp((ir - k * br) / made), sg = clamp((ig - k * bg) / made), sb = clamp((ib - k * bb) / made);
                float t = smoothstep(0.1f, 0.6f, made);
                colourOut[j] = PackedPixels.clampedRgb(fr + (sr - fr) * t, fg + (sg - fg) * t, fb + (sb - fb) * t);
            }
        }
        return new EdgeColours(region, alphaOut, colourOut);
    }

    /** The coverage to blend pixel (x, y) with: the mask's, or less where the pixel shows the old background. */
    float alpha(int x, int y, float mask) {
        int j = index(x, y);
        return j < 0 ? mask : alpha[j];
    }

    /** The product colour of pixel (x, y), free of the old background. */
    int colour(int x, int y, int fallback) {
        int j = index(x, y);
        return j < 0 ? fallback : colour[j];
    }

    private int index(int x, int y) {
        int rx = x - region.x(), ry = y - region.y();
        if (rx < 0 || ry < 0 || rx >= region.width() || ry >= region.height()) return -1;
        return ry * region.width() + rx;
    }

    private static void put(float[][] planes, int j, int p) {
        planes[0][j] = PackedPixels.red(p);
        planes[1][j] = PackedPixels.green(p);
        planes[2][j] = PackedPixels.blue(p);
        planes[3][j] = 1f;
    }

    private static float clamp(float v) {
        return v < 0f ? 0f : (v > 255f ? 255f : v);
    }

    private static float smoothstep(float e0, float e1, float v) {
        if (v <= e0) return 0f;
        if (v >= e1) return 1f;
        float t = (v - e0) / (e1 - e0);
        return t * t * (3 - 2 * t);
    }
}
