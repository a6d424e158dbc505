package dev.backdrop.segment;

import dev.backdrop.filter.Bands;
import dev.backdrop.image.Mask;
import dev.backdrop.image.RgbImage;

/**
 * Turns a model's mask, resized to the photo, into the cut-out's alpha: stray fragments go, holes
 * that are not background are filled, and the edges follow the photo where the model hesitated.
 *
 * <p>The guided filter snaps a soft, upscaled edge to the photo's own edge, but over its window it
 * also averages away anything thinner than its radius (a lattice tower turns half transparent).
 * So its result is taken in proportion to the model's uncertainty, {@code 1 - |2a - 1|}: fully
 * where the model said 0.5, not at all where it said 0 or 1, so what the model saw as solid,
 * however thin, stays solid.
 */
public final class MaskRefiner {

    /** The refined alpha; {@code raw} may be changed on the way. */
    public Mask refine(RgbImage photo, Mask raw) {
        int w = raw.width(), h = raw.height();
        float[] a = raw.alpha();
        StrayFragments.remove(a, w, h);
        EnclosedHoles.fill(a, w, h);
        float[] guided = GuidedFilter.forImage(w, h).refine(photo, raw).alpha();
        Bands.run(h, w, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                float uncertainty = 1f - Math.abs(2f * a[i] - 1f);
                a[i] = snapped(a[i] + uncertainty * (guided[i] - a[i]));
            }
        });
        return raw;
    }

    /**
     * Alpha that would round to 0 or 255 in 8 bits becomes exactly 0 or 1, so "fully opaque" means
     * the same everywhere downstream (composition keeps those pixels bit for bit).
     */
    static Mask snap(Mask mask) {
        float[] a = mask.alpha();
        for (int i = 0; i < a.length; i++) {
            a[i] = snapped(a[i]);
        }
        return mask;
    }

    private static float snapped(float a) {
        return a >= 254.5f / 255f ? 1f : a < 0.5f / 255f ? 0f : a;
    }
}
