package dev.backdrop.pipeline;

import dev.backdrop.compose.Framing;
import dev.backdrop.compose.Placement;
import dev.backdrop.compose.ShadowStyle;
import dev.backdrop.scene.CameraEstimate;

/**
 * How a result was staged, beside how its prompt was read: the camera angle the scene was laid
 * out for, the shadows drawn and the framing used.
 *
 * @param camera   the shot as read from the product's outline
 * @param shadow   the shadows asked for (none, soft or hard, and their strength)
 * @param framing  the canvas and placement
 * @param scale    how much the photo was enlarged (above 1) or reduced onto the canvas
 */
public record Staging(CameraEstimate camera, ShadowStyle shadow, Framing framing, double scale) {

    /** Enlarging a product more than this softens it visibly: responses warn about it. */
    public static final double UPSCALE_WARNING = 2.0;

    public boolean upscaledTooMuch() {
        return scale > UPSCALE_WARNING;
    }

    /** {@code keep} or {@code center}. */
    public String placementName() {
        return framing.placement() instanceof Placement.Centered ? "center" : "keep";
    }
}
