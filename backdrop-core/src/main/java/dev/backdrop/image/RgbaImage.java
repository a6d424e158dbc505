package dev.backdrop.image;

/**
 * An sRGB image with straight (not premultiplied) alpha: {@code pixels[y * width + x]} is packed
 * {@code 0xAARRGGBB}. The array is shared, not copied.
 */
public record RgbaImage(int width, int height, int[] pixels) {

    public RgbaImage {
        Dimensions.check(width, height, pixels.length);
    }

    /** The colour channels alone; alpha is dropped, not composited. */
    public RgbImage rgb() {
        int[] out = new int[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pixels[i] & 0xFFFFFF;
        }
        return new RgbImage(width, height, out);
    }

    public Mask alpha() {
        float[] a = new float[pixels.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = PackedPixels.alpha(pixels[i]) / 255f;
        }
        return new Mask(width, height, a);
    }

    /** Composites over an opaque colour (packed {@code 0xRRGGBB}), e.g. for JPEG output. */
    public RgbImage flatten(int background) {
        int br = PackedPixels.red(background), bg = PackedPixels.green(background), bb = PackedPixels.blue(background);
        int[] out = new int[pixels.length];
        for (int i = 0; i < out.length; i++) {
            int p = pixels[i];
            int a = PackedPixels.alpha(p);
            int r = PackedPixels.red(p) * a + br * (255 - a);
            int g = PackedPixels.green(p) * a + bg * (255 - a);
            int b = PackedPixels.blue(p) * a + bb * (255 - a);
            out[i] = PackedPixels.rgb((r + 127) / 255, (g + 127) / 255, (b + 127) / 255);
        }
        return new RgbImage(width, height, out);
    }
}
