package dev.backdrop.image;

/**
 * A single-channel coverage map: {@code alpha[y * width + x]} in [0, 1], 1 = subject.
 * The array is shared, not copied.
 */
public record Mask(int width, int height, float[] alpha) {

    public Mask {
        Dimensions.check(width, height, alpha.length);
    }

    public static Mask empty(int width, int height) {
        return new Mask(width, height, new float[Math.multiplyExact(width, height)]);
    }

    public float at(int x, int y) {
        return alpha[y * width + x];
    }

    /** The mask as an opaque gray image (white = subject), for saving or display. */
    public RgbImage toGray() {
        int[] out = new int[alpha.length];
        for (int i = 0; i < out.length; i++) {
            int v = Math.round(Math.max(0f, Math.min(1f, alpha[i])) * 255f);
            out[i] = PackedPixels.gray(v);
        }
        return new RgbImage(width, height, out);
    }
}
