package dev.backdrop.scene;

import java.util.Locale;

/**
 * How high the camera looked down at the product, as read from its cut-out, and what that means
 * for the scene drawn behind it: where its horizon goes and how steeply the surface recedes.
 */
public enum CameraAngle {
    /** The lens about level with the product: a floor in front and a backdrop behind, the horizon across the product. */
    EYE_LEVEL,
    /** Looking down at about 30–60°: the surface fills the frame and recedes towards the top; no horizon. */
    HIGH_ANGLE,
    /** Straight down (flat lay): the surface seen face-on, no horizon, barely any perspective. */
    TOP_DOWN;

    /** The name used in the API and the CLI's JSON. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the scene shows a horizon and a backdrop behind the surface. */
    public boolean showsHorizon() {
        return this == EYE_LEVEL;
    }

    /**
     * The horizon row for a product whose foot is at {@code base} and that is {@code productHeight}
     * tall on a canvas {@code height} rows high; {@code lift} (0..1, from the seed) varies the
     * camera's height a little. Eye level puts the horizon 38–60% of the product's height above
     * its foot, kept between 12% of the canvas from the top and 6% above the foot; looking down
     * puts it above the canvas, far enough that the whole frame is surface: a high angle one
     * canvas height above the top edge (the surface visibly recedes), top-down six (almost
     * orthographic).
     */
    float horizon(float base, float productHeight, int height, float lift) {
        return switch (this) {
            case EYE_LEVEL -> {
                float h = base - productHeight * (0.38f + lift * 0.22f);
                yield Math.max(height * 0.12f, Math.min(h, base - height * 0.06f));
            }
            case HIGH_ANGLE -> -height * (0.9f + lift * 0.3f);
            case TOP_DOWN -> -height * 6f;
        };
    }
}
