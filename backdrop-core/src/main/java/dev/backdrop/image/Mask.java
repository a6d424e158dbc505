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

    /**
     * The smallest box holding every pixel whose alpha exceeds {@code threshold}; an empty box
     * at the origin when there is none.
     */
    public Box boundingBox(float threshold) {
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (alpha[row + x] > threshold) {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    y1 = y;
                }
            }
        }
        return x1 < 0 ? new Box(0, 0, 0, 0) : new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /** The mask as an opaque gray image (white = subject), for saving or display. */
    public RgbImage toGray() {
        int[] out = new int[alpha.length];
        for (int i = 0; i < out.length; i++) {
            int v = Math.round(Math.max(0f, Math.min(1f, alpha[i])) * 255f);
            out[i] = (v << 16) | (v << 8) | v;
        }
        return new RgbImage(width, height, out);
    }
}
