package dev.backdrop.scene;

import dev.backdrop.image.PackedPixels;

/** Hue (degrees), saturation and lightness (0..1) of an sRGB colour; enough to reason about palettes. */
record Hsl(float h, float s, float l) {

    static Hsl of(int rgb) {
        float r = ColourPlanes.red(rgb), g = ColourPlanes.green(rgb), b = ColourPlanes.blue(rgb);
        float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
        float l = (max + min) / 2f, d = max - min;
        if (d < 1e-6f) {
            return new Hsl(0f, 0f, l);
        }
        float s = l > 0.5f ? d / (2f - max - min) : d / (max + min);
        float h;
        if (max == r) {
            h = (g - b) / d + (g < b ? 6f : 0f);
        } else if (max == g) {
            h = (b - r) / d + 2f;
        } else {
            h = (r - g) / d + 4f;
        }
        return new Hsl(h * 60f, s, l);
    }

    int rgb() {
        float hh = ((h % 360f) + 360f) % 360f / 360f;
        float ss = clamp(s), ll = clamp(l);
        if (ss == 0f) {
            return PackedPixels.gray(Math.round(ll * 255f));
        }
        float q = ll < 0.5f ? ll * (1f + ss) : ll + ss - ll * ss;
        float p = 2f * ll - q;
        int r = Math.round(channel(p, q, hh + 1f / 3f) * 255f);
        int g = Math.round(channel(p, q, hh) * 255f);
        int b = Math.round(channel(p, q, hh - 1f / 3f) * 255f);
        return PackedPixels.rgb(r, g, b);
    }

    Hsl withH(float v) {
        return new Hsl(v, s, l);
    }

    Hsl withS(float v) {
        return new Hsl(h, clamp(v), l);
    }

    Hsl withL(float v) {
        return new Hsl(h, s, clamp(v));
    }

    /** Shortest angular distance between two hues, in degrees [0, 180]. */
    static float hueDistance(float a, float b) {
        float d = Math.abs(a - b) % 360f;
        return d > 180f ? 360f - d : d;
    }

    private static float channel(float p, float q, float t) {
        if (t < 0f) t += 1f;
        if (t > 1f) t -= 1f;
        if (t < 1f / 6f) return p + (q - p) * 6f * t;
        if (t < 0.5f) return q;
        if (t < 2f / 3f) return p + (q - p) * (2f / 3f - t) * 6f;
        return p;
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
