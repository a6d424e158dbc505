package dev.backdrop.image;

/** An axis-aligned pixel rectangle: {@code [x, x + width) × [y, y + height)}. */
public record Box(int x, int y, int width, int height) {

    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("box size must not be negative: " + width + "x" + height);
        }
    }

    public boolean isEmpty() {
        return width == 0 || height == 0;
    }

    /** This box grown by {@code margin} pixels on every side, clipped to {@code [0, w) × [0, h)}. */
    public Box grow(int margin, int imageWidth, int imageHeight) {
        int x0 = Math.max(0, x - margin), y0 = Math.max(0, y - margin);
        int x1 = Math.min(imageWidth, x + width + margin), y1 = Math.min(imageHeight, y + height + margin);
        return new Box(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }
}
