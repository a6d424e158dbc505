package dev.backdrop.compose;

/** Where the product goes on the output canvas. */
public sealed interface Placement permits Placement.KeepPosition, Placement.Centered {

    /** The product stays where it is in the photo; a different canvas size scales the whole photo to cover it. */
    record KeepPosition() implements Placement {
    }

    /**
     * The product is scaled so its box fits the canvas minus {@code padding} on every side (a
     * fraction of the canvas's width and height), then centred.
     */
    record Centered(double padding) implements Placement {
        public Centered {
            if (!(padding >= 0 && padding < 0.5)) {
                throw new InvalidCompositionException("padding", "padding must be at least 0 and below 0.5, got " + padding);
            }
        }
    }

    /** The margin of {@code center} placement when none is given, in the CLI and the jobs API alike. */
    double DEFAULT_PADDING = 0.1;

    static Placement keep() {
        return new KeepPosition();
    }

    static Placement centered(double padding) {
        return new Centered(padding);
    }
}
