package dev.backdrop.background;

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
        int s = (int) Math.round(strength * 256);
        int[] gen = generated.pixels(), orig = request.subject().image().pixels();
        int[] out = new int[gen.length];
        for (int i = 0; i < out.length; i++) {
            int a = gen[i], b = orig[i];
            int r = (((a >> 16) & 0xFF) * s + ((b >> 16) & 0xFF) * (256 - s) + 128) >> 8;
            int g = (((a >> 8) & 0xFF) * s + ((b >> 8) & 0xFF) * (256 - s) + 128) >> 8;
            int bl = ((a & 0xFF) * s + (b & 0xFF) * (256 - s) + 128) >> 8;
            out[i] = (r << 16) | (g << 8) | bl;
        }
        return new RgbImage(generated.width(), generated.height(), out);
    }
}
