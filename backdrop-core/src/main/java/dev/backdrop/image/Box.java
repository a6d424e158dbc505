package dev.backdrop.image;

/** An axis-aligned pixel rectangle: {@code [x, x + width) × [y, y + height)}; right and bottom are exclusive. */
public record Box(int x, int y, int width, int height) {

    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("box size must not be negative: " + width + "x" + height);
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
            // Per row only the first and last covered pixel matter: scan in from both ends.
            int first = 0;
            while (first < w && a[row + first] < threshold) {
                first++;
            }
            if (first == w) continue;
            int last = w - 1;
            while (a[row + last] < threshold) {
                last--;
            }
            minX = Math.min(minX, first);
            maxX = Math.max(maxX, last);
            if (y < minY) minY = y;
            maxY = y;
        }
        return maxX < 0 ? new Box(0, 0, 0, 0) : new Box(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** This box grown by {@code margin} pixels on every side, clipped to {@code [0, w) × [0, h)}. */
    public Box grow(int margin, int imageWidth, int imageHeight) {
        int x0 = Math.max(0, x - margin), y0 = Math.max(0, y - margin);
        int x1 = Math.min(imageWidth, x + width + margin), y1 = Math.min(imageHeight, y + height + margin);
        return new Box(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }
}
