package dev.backdrop.compose;

import dev.backdrop.image.Box;
import dev.backdrop.filter.BoxBlur;
import dev.backdrop.filter.Resample;
import dev.backdrop.image.Mask;
import dev.backdrop.scene.SceneLayout;

/**
 * Shadows from the product's silhouette: a dark contact shadow where it touches the surface and
 * a cast shadow, the silhouette projected onto the ground away from the light, sharp near the
 * foot and softer (and fainter) further out, as penumbrae grow with distance. Worked at 1/4 size:
 * shadows are soft, and that keeps them cheap.
 */
final class ShadowCaster {

    private static final int REDUCTION = 4;

    /**
     * Shadow opacity per canvas pixel, 0..1 ({@code opacity}), non-zero only in rows
     * {@code [firstRow, endRow)}, so that work on it can skip the rest.
     */
    record Shadow(float[] opacity, int firstRow, int endRow) {
    }

    Shadow cast(Mask mask, Box box, SceneLayout layout) {
        int w = mask.width(), h = mask.height();
        if (box.isEmpty()) {
            return new Shadow(new float[w * h], 0, 0);
        }
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
                float sx = x - sideways * height;
                int ix = (int) sx;
                if (ix < 0 || ix >= sw) continue;
                float a = small[iy * sw + ix];
                hard[y * sw + x] = a * fall;
            }
        }
        float softness = layout.softness();
        float[] soft = hard.clone();
        BoxBlur.gaussian(hard, sw, sh, 0.6f + boxH * 0.02f * (0.3f + softness));
        BoxBlur.gaussian(soft, sw, sh, 1.5f + boxH * 0.12f * (0.3f + softness));
        float[] contact = contact(small, sw, sh, base, boxH, box, softness);
        float opacity = layout.shadowOpacity();
        float[] out = new float[sw * sh];
        int first = sh, last = -1;
        for (int i = 0; i < out.length; i++) {
            float t = Math.min(1f, Math.max(0f, base - i / sw) / back / boxH * 2f + 0.2f);
            float castA = (hard[i] + (soft[i] - hard[i]) * t) * opacity * (1f - 0.2f * softness);
            float c = contact[i] * Math.min(0.92f, opacity + 0.25f);
            out[i] = 1f - (1f - castA) * (1f - c);
            if (out[i] > 0f) {
                first = Math.min(first, i / sw);
                last = i / sw;
            }
        }
        // Shadows cover a band of rows: enlarge only that band (one reduced row reaches about two cells).
        int firstRow = Math.max(0, (first - 1) * REDUCTION), endRow = Math.min(h, (last + 2) * REDUCTION);
        return new Shadow(Resample.bilinear(out, sw, sh, w, h, firstRow, endRow), firstRow, Math.max(firstRow, endRow));
    }

    /** A thin dark ellipse under the product's footprint (columns where the mask reaches the base). */
    private static float[] contact(float[] small, int sw, int sh, float base, float boxH, Box box, float softness) {
        float[] foot = new float[sw];
        int band = Math.max(1, Math.round(boxH * 0.04f));
        int b = Math.min(sh - 1, (int) base);
        for (int x = 0; x < sw; x++) {
            float m = 0f;
            for (int y = Math.max(0, b - band); y <= b; y++) {
                m = Math.max(m, small[y * sw + x]);
            }
            foot[x] = m;
        }
        BoxBlur.blur(foot, sw, 1, Math.max(1, Math.round(boxH * 0.02f)), 2);
        float below = 0.8f + boxH * 0.012f * (0.5f + softness), above = below * 2.2f;
        float[] out = new float[sw * sh];
        int y0 = Math.max(0, (int) (base - above * 4)), y1 = Math.min(sh, (int) (base + below * 4) + 1);
        for (int y = y0; y < y1; y++) {
            float d = y - base;
            float fall = (float) Math.exp(-(d > 0 ? d / below : -d / above));
            for (int x = 0; x < sw; x++) {
                out[y * sw + x] = foot[x] * fall;
            }
        }
        return out;
    }
}
