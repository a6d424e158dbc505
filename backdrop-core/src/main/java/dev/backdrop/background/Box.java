package dev.backdrop.background;

import dev.backdrop.image.Mask;

/** An axis-aligned pixel rectangle; {@code x + width} and {@code y + height} are exclusive. */
public record Box(int x, int y, int width, int height) {

    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("box size must not be negative, got " + width + "x" + height);
        }
    }

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    public float centerX() {
        return x + width / 2f;
    }

    public boolean isEmpty() {
        return width == 0 || height == 0;
    }

    /** The smallest box holding every pixel whose coverage reaches {@code threshold}; empty if none does. */
    public static Box of(Mask mask, float threshold) {
        int w = mask.width(), h = mask.height();
        float[] a = mask.alpha();
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                if (a[row + x] >= threshold) {
                    if (x < minX) minX = x;
                    if (x > maxX) maxX = x;
                    if (y < minY) minY = y;
                    maxY = y;
                }
            }
        }
        if (maxX < 0) {
            return new Box(0, 0, 0, 0);
        }
        return new Box(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }
}
