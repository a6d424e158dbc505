package dev.backdrop.image;

/**
 * Packed pixels, {@code 0xAARRGGBB} ({@code 0x00RRGGBB} in an opaque image), taken apart into
 * 8-bit channel levels and put back together, one pixel at a time or as float planes. Channel
 * index {@code c} is 0 for red, 1 for green, 2 for blue. Static methods on primitives only, so
 * that per-pixel loops compile down to the same shifts and masks they used to spell out.
 */
public final class PackedPixels {

    private PackedPixels() {
    }

    public static int red(int p) {
        return (p >> 16) & 0xFF;
    }

    public static int green(int p) {
        return (p >> 8) & 0xFF;
    }

    public static int blue(int p) {
        return p & 0xFF;
    }

    public static int alpha(int p) {
        return p >>> 24;
    }

    /** Channel {@code c}: 0 red, 1 green, 2 blue. */
    public static int channel(int p, int c) {
        return (p >> (16 - 8 * c)) & 0xFF;
    }

    /** Levels 0..255 packed as {@code 0x00RRGGBB}; levels outside that range are not checked. */
    public static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    /** The colour channels of {@code rgb} under alpha {@code a} (0..255); {@code rgb}'s own top byte is dropped. */
    public static int argb(int a, int rgb) {
        return (a << 24) | (rgb & 0xFFFFFF);
    }

    /** A gray of level {@code v} (0..255). */
    public static int gray(int v) {
        return (v << 16) | (v << 8) | v;
    }

    /**
     * Float levels rounded half up ({@code (int) (v + 0.5f)}, the float sum rounding as floats do)
     * and clamped to 0..255, packed as {@code 0x00RRGGBB}.
     */
    public static int clampedRgb(float r, float g, float b) {
        return rgb(clamped(r), clamped(g), clamped(b));
    }

    private static int clamped(float v) {
        int c = (int) (v + 0.5f);
        return c < 0 ? 0 : (c > 255 ? 255 : c);
    }

    /** Rec. 601 luma in levels 0..255. */
    public static double luma(int p) {
        return 0.299 * red(p) + 0.587 * green(p) + 0.114 * blue(p);
    }

    /**
     * {@code a} weighted {@code weight / 256} and {@code b} the rest, channel by channel in fixed
     * point, rounded; {@code weight} is 0..256. A new array the length of {@code a}.
     */
    public static int[] blend(int[] a, int[] b, int weight) {
        int[] out = new int[a.length];
        for (int i = 0; i < out.length; i++) {
            int p = a[i], q = b[i];
            out[i] = rgb((red(p) * weight + red(q) * (256 - weight) + 128) >> 8,
                    (green(p) * weight + green(q) * (256 - weight) + 128) >> 8,
                    (blue(p) * weight + blue(q) * (256 - weight) + 128) >> 8);
        }
        return out;
    }

    /** Channel {@code c} of {@code px} as fractions 0..1 (level / 255), written to {@code out} and returned. */
    public static float[] fractions(int[] px, int c, float[] out) {
        int shift = 16 - 8 * c;
        for (int i = 0; i < px.length; i++) {
            out[i] = ((px[i] >> shift) & 0xFF) / 255f;
        }
        return out;
    }

    /** Red, green and blue planes of {@code px} in levels 0..255, in one pass. */
    public static float[][] levelPlanes(int[] px) {
        float[] r = new float[px.length], g = new float[px.length], b = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            r[i] = red(p);
            g[i] = green(p);
            b[i] = blue(p);
        }
        return new float[][] {r, g, b};
    }
}
