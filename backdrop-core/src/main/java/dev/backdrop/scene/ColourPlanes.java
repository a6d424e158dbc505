package dev.backdrop.scene;

import dev.backdrop.filter.BoxBlur;
import dev.backdrop.filter.Resample;
import dev.backdrop.image.PackedPixels;

/** An image being painted: three float planes of sRGB values in [0, 1]. */
record ColourPlanes(int width, int height, float[] r, float[] g, float[] b) {

    static ColourPlanes blank(int width, int height) {
        int n = width * height;
        return new ColourPlanes(width, height, new float[n], new float[n], new float[n]);
    }

    void set(int i, int rgb) {
        r[i] = red(rgb);
        g[i] = green(rgb);
        b[i] = blue(rgb);
    }

    void blur(float sigma) {
        BoxBlur.gaussian(r, width, height, sigma);
        BoxBlur.gaussian(g, width, height, sigma);
        BoxBlur.gaussian(b, width, height, sigma);
    }

    ColourPlanes resized(int w, int h) {
        return new ColourPlanes(w, h, Resample.bilinear(r, width, height, w, h),
                Resample.bilinear(g, width, height, w, h), Resample.bilinear(b, width, height, w, h));
    }

    /** Enlarged to {@code w x h}, filling only rows above {@code rowEnd} (the rest are painted over later). */
    ColourPlanes resized(int w, int h, int rowEnd) {
        return new ColourPlanes(w, h, Resample.bilinear(r, width, height, w, h, rowEnd),
                Resample.bilinear(g, width, height, w, h, rowEnd), Resample.bilinear(b, width, height, w, h, rowEnd));
    }

    ColourPlanes reduced(int factor) {
        int w = (width + factor - 1) / factor, h = (height + factor - 1) / factor;
        return new ColourPlanes(w, h, Resample.reduce(r, width, height, factor),
                Resample.reduce(g, width, height, factor), Resample.reduce(b, width, height, factor));
    }

    /** Red of a packed colour as a plane value, 0..1. */
    static float red(int rgb) {
        return PackedPixels.red(rgb) / 255f;
    }

    static float green(int rgb) {
        return PackedPixels.green(rgb) / 255f;
    }

    static float blue(int rgb) {
        return PackedPixels.blue(rgb) / 255f;
    }
}
