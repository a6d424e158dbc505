package dev.backdrop.compose;

import dev.backdrop.filter.BoxBlur;
import dev.backdrop.filter.Resample;
import dev.backdrop.image.Box;
import dev.backdrop.image.Mask;
import dev.backdrop.scene.CameraAngle;
import dev.backdrop.scene.SceneLayout;

/**
 * Shadows from the product's silhouette, in two parts:
 * <ul>
 *   <li>a contact shadow, the light the product blocks right where it meets the surface: the
 *   silhouette blurred at full resolution, darkest at the outline itself and fading outwards, so
 *   it starts at the product's base with no gap. At eye level it lies only under the base line
 *   (each column's lowest covered row, so a curved base is followed); seen from above it rings
 *   the whole outline;</li>
 *   <li>a cast shadow away from the light: at eye level the silhouette projected onto the ground,
 *   sharp near the foot and softer further out; seen from above the silhouette offset away from
 *   the light, emerging from under the product. Worked at 1/4 size: it is soft.</li>
 * </ul>
 */
final class ShadowCaster {

    private static final int REDUCTION = 4;

    /**
     * Shadow opacity per canvas pixel, 0..1 ({@code opacity}), non-zero only in rows
     * {@code [firstRow, endRow)}, so that work on it can skip the rest.
     */
    record Shadow(float[] opacity, int firstRow, int endRow) {
    }

    Shadow cast(Mask mask, Box box, SceneLayout layout, ShadowStyle style) {
        int w = mask.width(), h = mask.height();
        if (box.isEmpty() || !style.drawn()) {
            return new Shadow(new float[w * h], 0, 0);
        }
        float softness = style.kind().softness(layout.softness());
        float opacity = Math.min(0.95f, layout.shadowOpacity() * style.darkness());
        float[] out = layout.camera().showsHorizon() ? projected(mask, box, layout, softness, opacity)
                : offset(mask, box, layout, softness, opacity);
        float contactOpacity = Math.min(0.92f, (layout.shadowOpacity() + 0.25f) * style.darkness());
        contact(out, mask, box, layout.camera(), softness, contactOpacity);
        int first = h, last = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0, o = y * w; x < w; x++) {
                if (out[o + x] > 0f) {
                    first = Math.min(first, y);
                    last = y;
                    break;
                }
            }
        }
        return last < 0 ? new Shadow(out, 0, 0) : new Shadow(out, first, last + 1);
    }

    /** The eye-level cast shadow: the silhouette laid on the ground away from the light. */
    private static float[] projected(Mask mask, Box box, SceneLayout layout, float softness, float opacity) {
        int w = mask.width(), h = mask.height();
        int sw = (w + REDUCTION - 1) / REDUCTION, sh = (h + REDUCTION - 1) / REDUCTION;
        float[] small = Resample.reduce(mask.alpha(), w, h, REDUCTION);
        float base = Math.min(layout.baseY(), box.bottom()) / REDUCTION;
        float boxH = Math.max(1f, box.height() / (float) REDUCTION);
        // A low light throws a long shadow; its direction is away from the light, into the scene.
        float length = 0.2f + 1.3f * (1f - layout.lightElevation());
        float back = 0.24f * length;
        float sideways = -layout.lightX() * 1.1f * length;
        float[] hard = new float[sw * sh];
        for (int y = 0; y < sh; y++) {
            float up = base - y;
            if (up < -1f) continue;
            float height = Math.max(0f, up) / back;      // height on the product that shades this row
            float sy = base - height;
            if (sy < 0f) continue;
            int iy = Math.min(sh - 1, (int) sy);
            float fall = Math.max(0f, 1f - height / (boxH * 1.6f));
            for (int x = 0; x < sw; x++) {
                int ix = (int) (x - sideways * height);
                if (ix < 0 || ix >= sw) continue;
                hard[y * sw + x] = small[iy * sw + ix] * fall;
            }
        }
        float[] soft = hard.clone();
        BoxBlur.gaussian(hard, sw, sh, 0.6f + boxH * 0.02f * (0.3f + softness));
        BoxBlur.gaussian(soft, sw, sh, 1.5f + boxH * 0.12f * (0.3f + softness));
        float[] cast = new float[sw * sh];
        for (int i = 0; i < cast.length; i++) {
            float t = Math.min(1f, Math.max(0f, base - i / sw) / back / boxH * 2f + 0.2f);
            cast[i] = (hard[i] + (soft[i] - hard[i]) * t) * opacity * (1f - 0.2f * softness);
        }
        return Resample.bilinear(cast, sw, sh, w, h);
    }

    /**
     * Seen from above, the cast shadow is the silhouette moved away from the light by a little of
     * the product's size (more for a low light) and blurred by the light's size: it emerges from
     * under the product on the side away from the light.
     */
    private static float[] offset(Mask mask, Box box, SceneLayout layout, float softness, float opacity) {
        int w = mask.width(), h = mask.height();
        int sw = (w + REDUCTION - 1) / REDUCTION, sh = (h + REDUCTION - 1) / REDUCTION;
        float[] small = Resample.reduce(mask.alpha(), w, h, REDUCTION);
        float size = Math.max(box.width(), box.height()) / (float) REDUCTION;
        float length = size * (0.03f + 0.1f * (1f - layout.lightElevation()));
        // The key light is above the frame's top edge as well as to its side: shadows fall down and away.
        float down = layout.camera() == CameraAngle.TOP_DOWN ? 0.6f : 0.45f;
        float dx = -layout.lightX() * length, dy = down * length + 0.5f;
        float[] cast = new float[sw * sh];
        for (int y = 0; y < sh; y++) {
            int sy = Math.round(y - dy);
            if (sy < 0 || sy >= sh) continue;
            for (int x = 0; x < sw; x++) {
                int sx = Math.round(x - dx);
                if (sx >= 0 && sx < sw) cast[y * sw + x] = small[sy * sw + sx];
            }
        }
        BoxBlur.gaussian(cast, sw, sh, 0.6f + size * 0.025f * (0.3f + softness));
        float k = opacity * (1f - 0.25f * softness);
        for (int i = 0; i < cast.length; i++) cast[i] *= k;
        return Resample.bilinear(cast, sw, sh, w, h);
    }

    /**
     * Multiplies the contact shadow into {@code out}: the silhouette blurred at full size, twice
     * its value so it is full at the outline, kept under each column's base line at eye level and
     * all around the product seen from above.
     */
    private static void contact(float[] out, Mask mask, Box box, CameraAngle camera, float softness, float opacity) {
        int w = mask.width(), h = mask.height();
        // Contact shadows are tight: never wider than a hundredth of the canvas, whatever the product's size.
        float sigma = Math.max(1.2f, Math.min(0.01f * Math.min(w, h),
                0.012f * (box.width() + box.height()) * (0.5f + 0.7f * softness)));
        Box region = box.grow((int) Math.ceil(3 * sigma) + 2, w, h);
        int rw = region.width(), rh = region.height();
        float[] a = mask.alpha();
        float[] occ = new float[rw * rh];
        for (int y = 0; y < rh; y++) {
            System.arraycopy(a, (region.y() + y) * w + region.x(), occ, y * rw, rw);
        }
        BoxBlur.gaussian(occ, rw, rh, sigma);
        float[] ground = camera == CameraAngle.TOP_DOWN ? null : groundLine(mask, box, camera, region);
        float band = Math.max(2f, box.height() * 0.03f);
        // All round a product seen from above, occlusion is only a faint darkening: the cast shadow carries the light's side.
        float ring = camera == CameraAngle.TOP_DOWN ? 0.5f : 1f;
        for (int y = 0; y < rh; y++) {
            int cy = region.y() + y;
            for (int x = 0; x < rw; x++) {
                float c = Math.min(1f, occ[y * rw + x] * 2f) * opacity * ring;
                if (c <= 0.002f) continue;
                if (ground != null) {
                    float g = ground[x];
                    c *= smoothstep(g - band, g + 0.5f, cy);
                }
                int i = cy * w + region.x() + x;
                out[i] = 1f - (1f - out[i]) * (1f - c);
            }
        }
    }

    /**
     * Per column of {@code region}, the row where the product meets the surface: its lowest covered
     * row where that is part of the base (within the lower tenth of the product at eye level, the
     * lower third from a high angle, whose base is an ellipse), else the nearest base column's.
     */
    private static float[] groundLine(Mask mask, Box box, CameraAngle camera, Box region) {
        int w = mask.width();
        float[] a = mask.alpha();
        float reach = box.height() * (camera == CameraAngle.HIGH_ANGLE ? 0.35f : 0.1f);
        float[] g = new float[region.width()];
        boolean[] base = new boolean[region.width()];
        for (int x = 0; x < g.length; x++) {
            int cx = region.x() + x;
            g[x] = Float.NaN;
            if (cx < box.x() || cx >= box.right()) continue;
            for (int y = box.bottom() - 1; y >= box.y(); y--) {
                float v = a[y * w + cx];
                if (v >= 0.5f) {
                    // The covered part of the row below moves the edge down by a fraction of a pixel.
                    float below = y + 1 < mask.height() ? a[(y + 1) * w + cx] : 0f;
                    g[x] = y + 0.5f + below;
                    base[x] = g[x] >= box.bottom() - reach;
                    break;
                }
            }
        }
        // Columns off the base take the nearest base column's line: beside the foot, under a handle.
        int n = g.length;
        int[] leftAt = new int[n], rightAt = new int[n];
        for (int x = 0, at = -1; x < n; x++) {
            if (base[x]) at = x;
            leftAt[x] = at;
        }
        for (int x = n - 1, at = -1; x >= 0; x--) {
            if (base[x]) at = x;
            rightAt[x] = at;
        }
        float[] line = new float[n];
        for (int x = 0; x < n; x++) {
            int l = leftAt[x], r = rightAt[x];
            int from = l < 0 ? r : r < 0 ? l : (x - l <= r - x ? l : r);
            line[x] = from < 0 ? box.bottom() : g[from];
        }
        return line;
    }

    private static float smoothstep(float e0, float e1, float v) {
        if (v <= e0) return 0f;
        if (v >= e1) return 1f;
        float t = (v - e0) / (e1 - e0);
        return t * t * (3 - 2 * t);
    }
}
