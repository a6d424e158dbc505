package dev.backdrop.compose;

/** Where the product goes on the output canvas. */
public sealed interface Placement permits Placement.KeepPosition, Placement.Centered {

    /** The product stays where it is in the photo; a different canvas size scales the whole photo to cover it. */
    record KeepPosition() implements Placement {
    }

    /**
     * The product is re-framed: scaled so the larger side of its box is {@code fill} of the
     * canvas's shorter side, but never beyond the canvas minus {@code padding} on every side (a
     * fraction of the canvas's width and height), then centred. A fill of 1 fits it to the padding.
     */
    record Centered(double fill, double padding) implements Placement {
        public Centered {
            if (!(fill > 0 && fill <= 1)) {
                throw new InvalidCompositionException("fill", "fill must be above 0 and at most 1, got " + fill);
            }
            if (!(padding >= 0 && padding < 0.5)) {
                throw new InvalidCompositionException("padding", "padding must be at least 0 and below 0.5, got " + padding);
            }
        }

        /** Fitted to the canvas minus {@code padding}, however much of it that fills. */
        public Centered(double padding) {
            this(1.0, padding);
        }
    }

    /** The margin of {@code center} placement when none is given, in the CLI and the jobs API alike. */
    double DEFAULT_PADDING = 0.1;

    /** The share of the canvas's shorter side the product's larger side takes with {@code center} when none is given. */
    double DEFAULT_FILL = 0.65;

    static Placement keep() {
        return new KeepPosition();
    }

    static Placement centered(double padding) {
        return new Centered(padding);
    }

    /** {@code center} as the API and the CLI give it: the defaults where a value is null. */
    static Placement centered(Double fill, Double padding) {
        return new Centered(fill == null ? DEFAULT_FILL : fill, padding == null ? DEFAULT_PADDING : padding);
    }
}
