package dev.backdrop.compose;

import static dev.backdrop.image.PackedPixels.blue;
import static dev.backdrop.image.PackedPixels.clampedRgb;
import static dev.backdrop.image.PackedPixels.green;
import static dev.backdrop.image.PackedPixels.red;

import dev.backdrop.image.Box;
import dev.backdrop.background.Subject;
import dev.backdrop.filter.BoxBlur;
import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;
import dev.backdrop.image.RgbaImage;
import dev.backdrop.scene.SceneLayout;

/**
 * Puts the product on its new background: shadows and reflection onto the background, a bounded
 * nudge of the product's white balance and exposure towards the scene, light wrap on the edges,
 * then the product on top, its partly covered edge pixels with the old background taken out of
 * their colour and coverage ({@link EdgeColours}) so it doesn't fringe the new one. With
 * {@code preserveProduct} every pixel the mask covers fully is the input's, bit for bit.
 */
public final class Compositor {

    /** Light wrap is read from a quarter-size copy. */
    private static final int WRAP_REDUCTION = 4;

    private final ShadowCaster shadows = new ShadowCaster();
    private final FidelityMeter meter = new FidelityMeter();

    public Composite compose(Subject subject, RgbImage background, SceneLayout layout, CompositionOptions options) {
        int w = subject.width(), h = subject.height();
        if (background.width() != w || background.height() != h) {
            throw new InvalidCompositionException("background", "the background is " + background.width() + "x"
                    + background.height() + " but the canvas is " + w + "x" + h);
        }
        Mask mask = subject.mask();
        Box box = subject.box();
        float[] a = mask.alpha();
        int[] photo = subject.image().pixels();
        int[] clean = subject.foreground().pixels();

        ShadowCaster.Shadow shadow = options.shadow().drawn() ? shadows.cast(mask, box, layout, options.shadow()) : null;
        int[] staged = background.pixels().clone();
        if (shadow != null) {
            darken(staged, shadow.opacity(), shadow.firstRow() * w, shadow.endRow() * w, layout.lightTint());
        }
        if (options.reflection() && layout.reflectivity() > 0f && !box.isEmpty()) {
            reflect(staged, photo, a, w, h, box, layout);
        }

        float[] gains = options.harmonize() ? gains(photo, a, staged, w, h, box, options.harmonizeLimit())
                : new float[]{1f, 1f, 1f};
        // Wrap only matters around the product: work on its neighbourhood alone.
        Box reach = Box.of(mask, 1e-4f);
        Wrap wrap = options.lightWrap() ? Wrap.of(staged, a, w, around(reach, 16, w, h)) : null;
        EdgeColours edges = EdgeColours.of(subject, reach);

        int[] out = new int[w * h];
        int[] cutout = options.layers() ? new int[w * h] : null;
        boolean preserve = options.preserveProduct();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float al = a[i];
                if (al <= 0f) {
                    out[i] = staged[i];
                    continue;
                }
                if (al >= 1f && preserve) {
                    out[i] = photo[i];
                    if (cutout != null) cutout[i] = PackedPixels.argb(255, photo[i]);
                    continue;
                }
                int fg = al >= 1f ? photo[i] : edges.colour(x, y, clean[i]);
                if (al < 1f) {
                    al = edges.alpha(x, y, al);
                    if (al <= 0f) {
                        out[i] = staged[i];
                        if (cutout != null) cutout[i] = 0;
                        continue;
                    }
                }
                float r = red(fg) * gains[0], g = green(fg) * gains[1], b = blue(fg) * gains[2];
                if (wrap != null) {
                    float k = wrap.amount(x, y);
                    if (k > 0f) {
                        int bg = wrap.colour(x, y);
                        r += (red(bg) - r) * k;
                        g += (green(bg) - g) * k;
                        b += (blue(bg) - b) * k;
                    }
                }
                if (cutout != null) {
                    cutout[i] = PackedPixels.argb(Math.round(al * 255f), clampedRgb(r, g, b));
                }
                int s = staged[i];
                float ia = 1f - al;
                out[i] = clampedRgb(r * al + red(s) * ia, g * al + green(s) * ia, b * al + blue(s) * ia);
            }
        }
        RgbImage image = new RgbImage(w, h, out);
        Fidelity fidelity = meter.measure(subject.image(), image, mask);
        Layers layers = null;
        if (options.layers()) {
            int[] sh = new int[w * h];
            if (shadow != null) {
                for (int i = 0; i < sh.length; i++) {
                    sh[i] = Math.round(Math.min(1f, shadow.opacity()[i]) * 255f) << 24;
                }
            }
            layers = new Layers(new RgbaImage(w, h, cutout), new RgbaImage(w, h, sh), background, mask, image);
        }
        return new Composite(image, fidelity, layers);
    }

    /** Multiplies shadows into the background, a touch bluer than the key light, as fill from the sky or room is. */
    private static void darken(int[] px, float[] shadow, int from, int to, int lightTint) {
        float tr = red(lightTint) / 255f, tb = blue(lightTint) / 255f;
        float kr = 1f, kg = 0.99f, kb = 0.96f + 0.04f * (tr - tb);
        for (int i = from; i < to; i++) {
            float s = shadow[i];
            if (s <= 0.002f) continue;
            int p = px[i];
            px[i] = clampedRgb(red(p) * (1f - s * kr), green(p) * (1f - s * kg), blue(p) * (1f - s * kb));
        }
    }

    /** The product mirrored about its foot, fading with distance, scaled by the surface's reflectivity. */
    private static void reflect(int[] px, int[] photo, float[] a, int w, int h, Box box, SceneLayout layout) {
        int base = Math.min(h - 1, (int) Math.min(layout.baseY(), box.bottom() - 1));
        int length = Math.max(1, (int) (box.height() * 0.45f));
        float strength = layout.reflectivity();
        for (int d = 1; d < length && base + d < h; d++) {
            int src = base - d;
            if (src < 0) break;
            float fade = (1f - (float) d / length);
            fade = strength * fade * fade;
            int o = (base + d) * w, so = src * w;
            for (int x = box.x(); x < box.right(); x++) {
                float k = a[so + x] * fade;
                if (k <= 0.003f) continue;
                int p = px[o + x], q = photo[so + x];
                px[o + x] = clampedRgb(red(p) + (red(q) - red(p)) * k, green(p) + (green(q) - green(p)) * k,
                        blue(p) + (blue(q) - blue(p)) * k);
            }
        }
    }

    /**
     * Per-channel gains nudging the product's mean colour and brightness a small way towards the
     * background's around it, each bounded by {@code limit}.
     */
    private static float[] gains(int[] photo, float[] a, int[] bg, int w, int h, Box box, double limit) {
        if (box.isEmpty() || limit == 0) return new float[]{1f, 1f, 1f};
        double[] p = new double[3], q = new double[3];
        int np = 0, nq = 0;
        int mx = box.width() / 3, my = box.height() / 3;
        for (int y = Math.max(0, box.y() - my); y < Math.min(h, box.bottom() + my); y += 2) {
            for (int x = Math.max(0, box.x() - mx); x < Math.min(w, box.right() + mx); x += 2) {
                int i = y * w + x;
                if (a[i] >= 0.99f) {
                    add(p, photo[i]);
                    np++;
                } else if (a[i] <= 0.01f) {
                    add(q, bg[i]);
                    nq++;
                }
            }
        }
        if (np == 0 || nq == 0) return new float[]{1f, 1f, 1f};
        for (int c = 0; c < 3; c++) {
            p[c] /= np;
            q[c] /= nq;
        }
        double pl = (p[0] + p[1] + p[2]) / 3 + 1, ql = (q[0] + q[1] + q[2]) / 3 + 1;
        double exposure = Math.pow(ql / pl, 0.08);
        float[] g = new float[3];
        for (int c = 0; c < 3; c++) {
            double balance = Math.pow(((q[c] + 1) / ql) / ((p[c] + 1) / pl), 0.15);
            g[c] = (float) Math.max(1 - limit, Math.min(1 + limit, balance * exposure));
        }
        return g;
    }

    private static void add(double[] sum, int rgb) {
        sum[0] += red(rgb);
        sum[1] += green(rgb);
        sum[2] += blue(rgb);
    }

    /** The region around the product that the wrap reads: never empty, so the code below needs no special case. */
    private static Box around(Box reach, int margin, int w, int h) {
        return reach.isEmpty() ? new Box(0, 0, 1, 1) : reach.grow(margin, w, h);
    }

    /**
     * A region of packed pixels reduced by a power of two in one pass, without full-size planes:
     * per cell the mean red, green and blue, and a fourth plane with the mean alpha. Partial edge
     * cells average what they hold.
     */
    private static float[][] reduced(int[] px, float[] a, int w, Box region, int factor) {
        int shift = Integer.numberOfTrailingZeros(factor);
        int rw = region.width(), rh = region.height();
        int sw = (rw + factor - 1) >> shift, sh = (rh + factor - 1) >> shift;
        float[] r = new float[sw * sh], g = new float[sw * sh], b = new float[sw * sh], v = new float[sw * sh];
        for (int y = 0; y < rh; y++) {
            int s = (region.y() + y) * w + region.x(), o = (y >> shift) * sw;
            for (int cx = 0; cx < sw; cx++) {
                // A cell's pixels summed in registers first: adding each into the array would chain every add through memory.
                float sr = 0f, sg = 0f, sb = 0f, sa = 0f;
                for (int x = cx << shift, end = Math.min(rw, x + factor); x < end; x++) {
                    int p = px[s + x];
                    sr += red(p);
                    sg += green(p);
                    sb += blue(p);
                    sa += a[s + x];
                }
                r[o + cx] += sr;
                g[o + cx] += sg;
                b[o + cx] += sb;
                v[o + cx] += sa;
            }
        }
        for (int y = 0; y < sh; y++) {
            int rows = Math.min(rh, (y + 1) << shift) - (y << shift);
            for (int x = 0; x < sw; x++) {
                int cols = Math.min(rw, (x + 1) << shift) - (x << shift);
                float inv = 1f / (rows * cols);
                int c = y * sw + x;
                r[c] *= inv;
                g[c] *= inv;
                b[c] *= inv;
                v[c] *= inv;
            }
        }
        return new float[][]{r, g, b, v};
    }

    private static int index(int x, int y, int sw, int sh, int reduction) {
        int sx = Math.max(0, Math.min(sw - 1, x / reduction)), sy = Math.max(0, Math.min(sh - 1, y / reduction));
        return sy * sw + sx;
    }

    /** Light wrap: the blurred background bleeding onto the product near its outline. */
    private record Wrap(float[] r, float[] g, float[] b, float[] cover, int sw, int sh, Box region) {

        static Wrap of(int[] bg, float[] a, int w, Box region) {
            float[][] p = reduced(bg, a, w, region, WRAP_REDUCTION);
            int sw = (region.width() + WRAP_REDUCTION - 1) / WRAP_REDUCTION;
            int sh = (region.height() + WRAP_REDUCTION - 1) / WRAP_REDUCTION;
            BoxBlur.blur(p[0], sw, sh, 2, 2);
            BoxBlur.blur(p[1], sw, sh, 2, 2);
            BoxBlur.blur(p[2], sw, sh, 2, 2);
            BoxBlur.blur(p[3], sw, sh, 1, 2);
            return new Wrap(p[0], p[1], p[2], p[3], sw, sh, region);
        }

        float amount(int x, int y) {
            return 0.35f * (1f - cover[index(x - region.x(), y - region.y(), sw, sh, WRAP_REDUCTION)]);
        }

        int colour(int x, int y) {
            int i = index(x - region.x(), y - region.y(), sw, sh, WRAP_REDUCTION);
            return clampedRgb(r[i], g[i], b[i]);
        }
    }
}
