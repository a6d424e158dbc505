package dev.backdrop.image;

/**
 * An opaque sRGB image: {@code pixels[y * width + x]} is packed {@code 0x00RRGGBB}.
 * The array is shared, not copied; callers that mutate it own the consequences.
 */
public record RgbImage(int width, int height, int[] pixels) {

    public RgbImage {
        Dimensions.check(width, height, pixels.length);
    }

    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new int[Math.multiplyExact(width, height)]);
    }

    public int rgb(int x, int y) {
        return pixels[y * width + x];
    }

    public RgbaImage withAlpha(Mask mask) {
        Dimensions.requireSame(width, height, mask.width(), mask.height());
        int[] out = new int[pixels.length];
        float[] a = mask.alpha();
        for (int i = 0; i < out.length; i++) {
            out[i] = PackedPixels.argb(Math.round(a[i] * 255f), pixels[i]);
        }
        return new RgbaImage(width, height, out);
    }
}
