package dev.backdrop.segment;

import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

/** Turns a model's mask, resized to the photo, into the cut-out's alpha. */
public final class MaskRefiner {

    /** The refined alpha; {@code raw} may be changed on the way. */
    public Mask refine(RgbImage photo, Mask raw) {
        return snap(GuidedFilter.forImage(photo.width(), photo.height()).refine(photo, raw));
    }

    /**
     * Alpha that would round to 0 or 255 in 8 bits becomes exactly 0 or 1, so "fully opaque" means
     * the same everywhere downstream (composition keeps those pixels bit for bit).
     */
    static Mask snap(Mask mask) {
        float[] a = mask.alpha();
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= 254.5f / 255f) {
                a[i] = 1f;
            } else if (a[i] < 0.5f / 255f) {
                a[i] = 0f;
            }
        }
        return mask;
    }
}
