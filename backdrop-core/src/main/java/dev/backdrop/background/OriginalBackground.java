package dev.backdrop.background;

import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;

/**
 * Keeps a share of the photo's own background: with strength below 1 the new background is
 * mixed with the original pixels behind the product, so a user can dial how far the scene moves
 * away from the shot.
 */
public final class OriginalBackground {

    private OriginalBackground() {
    }

    /** {@code generated} mixed with the subject photo by {@code 1 - strength}; returned as is at strength 1. */
    public static RgbImage keep(RgbImage generated, BackgroundRequest request) {
        double strength = request.parameters().strength();
        if (strength >= 1.0) {
            return generated;
        }
        int[] out = PackedPixels.blend(generated.pixels(), request.subject().image().pixels(),
                (int) Math.round(strength * 256));
        return new RgbImage(generated.width(), generated.height(), out);
    }
}
