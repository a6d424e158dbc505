package dev.backdrop.image;

/** Shape checks shared by the pixel buffer types. */
final class Dimensions {

    private Dimensions() {
    }

    static void check(int width, int height, int length) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if ((long) width * height != length) {
            throw new IllegalArgumentException(
                    "buffer holds " + length + " pixels, not " + width + "x" + height);
        }
    }

    static void requireSame(int w1, int h1, int w2, int h2) {
        if (w1 != w2 || h1 != h2) {
            throw new IllegalArgumentException("sizes differ: " + w1 + "x" + h1 + " vs " + w2 + "x" + h2);
        }
    }
}
