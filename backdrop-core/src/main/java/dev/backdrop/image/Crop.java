package dev.backdrop.image;

/** Cuts rectangles out of the pixel buffer types. */
public final class Crop {

    private Crop() {
    }

    public static RgbaImage of(RgbaImage image, Box box) {
        return new RgbaImage(box.width(), box.height(), copy(image.pixels(), image.width(), box));
    }

    public static RgbImage of(RgbImage image, Box box) {
        return new RgbImage(box.width(), box.height(), copy(image.pixels(), image.width(), box));
    }

    public static Mask of(Mask mask, Box box) {
        float[] out = new float[box.width() * box.height()];
        for (int y = 0; y < box.height(); y++) {
            System.arraycopy(mask.alpha(), (box.y() + y) * mask.width() + box.x(), out, y * box.width(), box.width());
        }
        return new Mask(box.width(), box.height(), out);
    }

    private static int[] copy(int[] pixels, int stride, Box box) {
        int[] out = new int[box.width() * box.height()];
        for (int y = 0; y < box.height(); y++) {
            System.arraycopy(pixels, (box.y() + y) * stride + box.x(), out, y * box.width(), box.width());
        }
        return out;
    }
}
