package dev.backdrop.segment;

import dev.backdrop.filter.Bands;
import dev.backdrop.filter.BoxBlur;
import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;

/**
 * Edge-aware refinement of a mask with the photo's luminance as guide (He, Sun, Tang: "Guided
 * Image Filtering"): locally the output is a linear function of the guide, so upscaled, blurry mask
 * edges snap to the photo's real edges and fine structure such as hair follows the image.
 */
public final class GuidedFilter {

    private final int radius;
    private final float epsilon;

    /**
     * @param radius  window radius in pixels
     * @param epsilon regularisation on a [0,1] guide: smaller follows image edges more tightly
     */
    public GuidedFilter(int radius, float epsilon) {
        this.radius = radius;
        this.epsilon = epsilon;
    }

    /** A radius proportional to the image, so the same photo gives the same result at any size. */
    public static GuidedFilter forImage(int width, int height) {
        return new GuidedFilter(Math.max(2, Math.round(Math.min(width, height) / 160f)), 1e-3f);
    }

    public Mask refine(RgbImage guide, Mask mask) {
        int w = guide.width(), h = guide.height();
        float[] gray = luminance(guide);
        float[] p = mask.alpha();
        int n = gray.length;
        float[] ip = new float[n];
        float[] ii = new float[n];
        Bands.run(h, w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                ip[i] = gray[i] * p[i];
                ii[i] = gray[i] * gray[i];
            }
        });
        // One scratch plane for every mean, and planes reused once their values are spent.
        float[] scratch = new float[n];
        float[] meanI = BoxBlur.mean(gray, w, h, radius, scratch, new float[n]);
        float[] meanP = BoxBlur.mean(p, w, h, radius, scratch, new float[n]);
        float[] corrIp = BoxBlur.mean(ip, w, h, radius, scratch, new float[n]);
        float[] corrII = BoxBlur.mean(ii, w, h, radius, scratch, new float[n]);
        float[] a = ip;
        float[] b = ii;
        Bands.run(h, w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                float variance = corrII[i] - meanI[i] * meanI[i];
                float covariance = corrIp[i] - meanI[i] * meanP[i];
                a[i] = covariance / (variance + epsilon);
                b[i] = meanP[i] - a[i] * meanI[i];
            }
        });
        float[] meanA = BoxBlur.mean(a, w, h, radius, scratch, corrIp);
        float[] meanB = BoxBlur.mean(b, w, h, radius, scratch, corrII);
        float[] out = meanP;
        Bands.run(h, w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                out[i] = Math.max(0f, Math.min(1f, meanA[i] * gray[i] + meanB[i]));
            }
        });
        return new Mask(w, h, out);
    }

    static float[] luminance(RgbImage image) {
        int[] px = image.pixels();
        int w = image.width();
        float[] out = new float[px.length];
        Bands.run(image.height(), w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                int p = px[i];
                float luma = 0.299f * PackedPixels.red(p) + 0.587f * PackedPixels.green(p) + 0.114f * PackedPixels.blue(p);
                out[i] = luma / 255f;
            }
        });
        return out;
    }
}
