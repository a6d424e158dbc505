package dev.backdrop.compose;

/** The output canvas size and where the product goes on it. */
public record Framing(Placement placement, int width, int height) {

    public Framing {
        if (width <= 0 || height <= 0 || (long) width * height > 64L * 1024 * 1024) {
            throw new InvalidCompositionException("size", "output size must be positive and at most 64 megapixels, got "
                    + width + "x" + height);
        }
    }

    /** The photo's own size, product where it is. */
    public static Framing original(int width, int height) {
        return new Framing(new Placement.KeepPosition(), width, height);
    }
}
