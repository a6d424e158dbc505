package dev.backdrop.compose;

import dev.backdrop.image.Box;
import dev.backdrop.background.Subject;
import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;

/**
 * Puts the photo and its mask on the output canvas according to a {@link Framing}. When the
 * canvas is the photo's size and the product keeps its place, pixels are copied untouched;
 * otherwise both are resampled with the same transform (bilinear, with an area pre-reduction
 * when shrinking a lot).
 *
 * <p>Centring with padding can leave parts of the canvas outside the photo. There the mask is
 * zero (the product never extends past what the photo shows) and the image is the photo's own
 * background colour (the mean of its background pixels along its border), so nothing of the
 * product streaks into the margin, whatever share of the original a generator keeps.
 *
 * <p>A product that the photo's border cuts off (a bottle whose base is out of the shot) keeps
 * that side on the canvas's edge, with no padding there, so the cut reads as the frame's edge
 * rather than as a product floating with a flat cut; it is centred along the other axis and the
 * padding holds on its whole sides. A product cut on two opposite sides is a close-up: it spans
 * the canvas between them, as it spanned the photo, even where that crops it along the other axis.
 */
public final class Framer {

    /** A product whose box comes this close (pixels) to a border of the photo is cut by it. */
    private static final int CUT_TOLERANCE = 1;

    public Subject frame(RgbImage photo, Mask mask, Framing framing) {
        return frame(photo, photo, mask, framing);
    }

    /**
     * Frames the photo with its cut-out's decontaminated colours ({@code foreground}, the same
     * size), which move with it, for clean edges on the new background.
     */
    public Subject frame(RgbImage photo, RgbImage foreground, Mask mask, Framing framing) {
        if (foreground.width() != photo.width() || foreground.height() != photo.height()) {
            throw new InvalidCompositionException("foreground", "the foreground is " + foreground.width() + "x"
                    + foreground.height() + " but the photo is " + photo.width() + "x" + photo.height());
        }
        if (photo.width() != mask.width() || photo.height() != mask.height()) {
            throw new InvalidCompositionException("mask", "the mask is " + mask.width() + "x" + mask.height()
                    + " but the photo is " + photo.width() + "x" + photo.height());
        }
        Transform t = transform(photo, mask, framing);
        if (t.identity()) {
            return new Subject(photo, mask, Box.of(mask, 0.5f), foreground);
        }
        int w = framing.width(), h = framing.height();
        double scale = t.scale(), ox = t.offsetX(), oy = t.offsetY();
        RgbImage img = resample(photo, scale, ox, oy, w, h);
        RgbImage fg = foreground == photo ? img : resample(foreground, scale, ox, oy, w, h);
        Mask m = resample(mask, scale, ox, oy, w, h);
        float[] coverX = coverage(ox, ox + photo.width() * scale, w);
        float[] coverY = coverage(oy, oy + photo.height() * scale, h);
        if (!full(coverX) || !full(coverY)) {
            outside(img, m, coverX, coverY, backgroundColour(photo, mask));
        }
        return new Subject(img, m, Box.of(m, 0.5f), fg);
    }

    /**
     * How the photo goes onto the canvas: canvas pixel (x, y) shows photo point
     * ((x - offsetX) / scale, (y - offsetY) / scale).
     *
     * @param identity the canvas is the photo, untouched
     */
    public record Transform(double scale, double offsetX, double offsetY, boolean identity) {

        /** Whether the product is enlarged more than {@code factor} times, which softens it visibly. */
        public boolean upscales(double factor) {
            return scale > factor;
        }
    }

    /** Where and how large the photo lands on the canvas of {@code framing}, without resampling anything. */
    public Transform transform(RgbImage photo, Mask mask, Framing framing) {
        int w = framing.width(), h = framing.height();
        Box box = Box.of(mask, 0.5f);
        if (framing.placement() instanceof Placement.Centered c) {
            if (box.isEmpty()) {
                throw new InvalidCompositionException("mask", "no product was found in the photo, so it can't be centred");
            }
            int pw = photo.width(), ph = photo.height();
            boolean left = box.x() <= CUT_TOLERANCE, right = box.right() >= pw - CUT_TOLERANCE;
            boolean top = box.y() <= CUT_TOLERANCE, bottom = box.bottom() >= ph - CUT_TOLERANCE;
            double p = c.padding();
            double availW = w * (1 - (left ? 0 : p) - (right ? 0 : p));
            double availH = h * (1 - (top ? 0 : p) - (bottom ? 0 : p));
            double scale = Math.min(availW / box.width(), availH / box.height());
            // The fill share: the box's larger side against the canvas's shorter one.
            scale = Math.min(scale, c.fill() * Math.min(w, h) / Math.max(box.width(), box.height()));
            if (left && right || top && bottom) {
                scale = Math.max(left && right ? (double) w / box.width() : 0, top && bottom ? (double) h / box.height() : 0);
            }
            return new Transform(scale, offset(left, right, box.x(), box.right(), scale, w),
                    offset(top, bottom, box.y(), box.bottom(), scale, h), false);
        }
        if (w == photo.width() && h == photo.height()) {
            return new Transform(1, 0, 0, true);
        }
        double scale = Math.max((double) w / photo.width(), (double) h / photo.height());
        return new Transform(scale, (w - photo.width() * scale) / 2.0, (h - photo.height() * scale) / 2.0, false);
    }

    /**
     * Where the photo's origin goes along one axis: a cut side of the product on its canvas edge
     * when only one side is cut, else the product centred (which spans the canvas when both are).
     */
    private static double offset(boolean cutLow, boolean cutHigh, int low, int high, double scale, int size) {
        if (cutLow && !cutHigh) {
            return -low * scale;
        }
        if (cutHigh && !cutLow) {
            return size - high * scale;
        }
        return size / 2.0 - (low + high) / 2.0 * scale;
    }

    /** Share of each canvas pixel along one axis that the photo, spanning {@code [from, to)}, covers. */
    private static float[] coverage(double from, double to, int size) {
        float[] c = new float[size];
        for (int i = 0; i < size; i++) {
            double v = Math.min(i + 1, to) - Math.max(i, from);
            c[i] = v >= 0.999 ? 1f : (float) Math.max(0, v);
        }
        return c;
    }

    private static boolean full(float[] coverage) {
        for (float c : coverage) {
            if (c < 1f) {
                return false;
            }
        }
        return true;
    }

    /** Blends the canvas outside the photo to no product and the photo's background colour. */
    private static void outside(RgbImage img, Mask m, float[] coverX, float[] coverY, int fill) {
        int w = img.width(), h = img.height();
        int[] px = img.pixels();
        float[] a = m.alpha();
        int fr = PackedPixels.red(fill), fg = PackedPixels.green(fill), fb = PackedPixels.blue(fill);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float k = coverX[x] * coverY[y];
                if (k >= 1f) {
                    continue;
                }
                int i = y * w + x, p = px[i];
                a[i] *= k;
                px[i] = PackedPixels.rgb(clamp255(PackedPixels.red(p) * k + fr * (1 - k)),
                        clamp255(PackedPixels.green(p) * k + fg * (1 - k)),
                        clamp255(PackedPixels.blue(p) * k + fb * (1 - k)));
            }
        }
    }

    /**
     * The mean colour of the photo's background along its border (where the mask is under one
     * half), else of all its background, else mid gray.
     */
    private static int backgroundColour(RgbImage photo, Mask mask) {
        int w = photo.width(), h = photo.height();
        int[] px = photo.pixels();
        float[] a = mask.alpha();
        long[] sum = new long[4];
        for (int x = 0; x < w; x++) {
            addIfBackground(sum, px, a, x);
            if (h > 1) addIfBackground(sum, px, a, (h - 1) * w + x);
        }
        for (int y = 1; y < h - 1; y++) {
            addIfBackground(sum, px, a, y * w);
            if (w > 1) addIfBackground(sum, px, a, y * w + w - 1);
        }
        if (sum[3] == 0) {
            for (int i = 0; i < px.length; i++) {
                addIfBackground(sum, px, a, i);
            }
        }
        if (sum[3] == 0) {
            return 0x808080;
        }
        long n = sum[3];
        return PackedPixels.rgb((int) ((sum[0] + n / 2) / n), (int) ((sum[1] + n / 2) / n), (int) ((sum[2] + n / 2) / n));
    }

    private static void addIfBackground(long[] sum, int[] px, float[] a, int i) {
        if (a[i] < 0.5f) {
            int p = px[i];
            sum[0] += PackedPixels.red(p);
            sum[1] += PackedPixels.green(p);
            sum[2] += PackedPixels.blue(p);
            sum[3]++;
        }
    }

    private static RgbImage resample(RgbImage src, double scale, double ox, double oy, int w, int h) {
        float[][] planes = PackedPixels.levelPlanes(src.pixels());
        float[][] out = new float[3][];
        for (int c = 0; c < 3; c++) {
            out[c] = resample(planes[c], src.width(), src.height(), scale, ox, oy, w, h);
        }
        int[] res = new int[w * h];
        for (int i = 0; i < res.length; i++) {
            res[i] = PackedPixels.rgb(clamp255(out[0][i]), clamp255(out[1][i]), clamp255(out[2][i]));
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
