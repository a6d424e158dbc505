package dev.backdrop.compose;

/**
 * The output canvas size, where the product goes on it and whether the canvas must be plain white.
 *
 * @param whiteBackground the background is pure white whatever the prompt or reference asks for,
 *                        as the {@link AspectPreset#MARKETPLACE marketplace} preset demands
 */
public record Framing(Placement placement, int width, int height, boolean whiteBackground) {

    public Framing {
        if (width <= 0 || height <= 0 || (long) width * height > 64L * 1024 * 1024) {
            throw new InvalidCompositionException("size", "output size must be positive and at most 64 megapixels, got "
                    + width + "x" + height);
        }
    }

    /** A canvas on which the background is whatever the request asks for. */
    public Framing(Placement placement, int width, int height) {
        this(placement, width, height, false);
    }

    /** The photo's own size, product where it is. */
    public static Framing original(int width, int height) {
        return new Framing(new Placement.KeepPosition(), width, height);
    }
}
