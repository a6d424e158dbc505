package dev.backdrop.sample;

import dev.backdrop.image.Mask;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;
import java.util.Locale;

/**
 * Product photos drawn in code, for benchmarks, the contact sheet and tests: each a known shape
 * shot from a known angle on a plain photo background, with its exact coverage mask. They stand
 * in for shop photos where real ones cannot be committed.
 */
public enum DrawnProduct {
    /** An amber glass bottle with a black cap, shot at eye level on light grey. */
    BOTTLE,
    /** A sea-green bowl of two oranges with a blue rim, seen straight from above, on pale beige. */
    BOWL,
    /** A dark mug with a black rim seen from about 40° above, on a light grey sweep. */
    MUG,
    /** A cosmetics carton, two faces visible, shot at eye level on warm grey. */
    CARTON;

    /** A photo of the product and its mask. */
    public record Photo(RgbImage image, Mask mask) {
    }

    public String fileName() {
        return name().toLowerCase(Locale.ROOT) + ".png";
    }

    /** Supersampling per axis: edges are anti-aliased as a camera's are. */
    private static final int SS = 4;

    public Photo draw(int width, int height) {
        int[] px = new int[width * height];
        float[] a = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float r = 0, g = 0, b = 0, cover = 0;
                for (int sy = 0; sy < SS; sy++) {
                    for (int sx = 0; sx < SS; sx++) {
                        float u = (x + (sx + 0.5f) / SS) / width, v = (y + (sy + 0.5f) / SS) / height;
                        int c = colour(u, v, (float) width / height);
                        if (c >= 0) {
                            cover++;
                        } else {
                            c = background(u, v);
                        }
                        r += PackedPixels.red(c);
                        g += PackedPixels.green(c);
                        b += PackedPixels.blue(c);
                    }
                }
                int n = SS * SS, i = y * width + x;
                a[i] = cover / n;
                px[i] = PackedPixels.rgb(Math.round(r / n), Math.round(g / n), Math.round(b / n));
            }
        }
        return new Photo(new RgbImage(width, height, px), new Mask(width, height, a));
    }

    /** The photo's own backdrop at (u, v): a plain studio, lighter at the top. */
    private int background(float u, float v) {
        int base = switch (this) {
            case BOTTLE -> 0xd8d8d6;
            case BOWL -> 0xe6dccb;
            case MUG -> 0xdcdde0;
            case CARTON -> 0xc9c1b8;
        };
        float k = 1.04f - 0.08f * v;
        return scale(base, k);
    }

    /** The product's colour at (u, v) in the unit frame (x as a share of the width), or -1 off the product. */
    private int colour(float u, float v, float aspect) {
        float x = (u - 0.5f) * aspect; // square units: one unit is the frame's height
        return switch (this) {
            case BOTTLE -> bottle(x, v);
            case BOWL -> bowl(x, v - 0.5f);
            case MUG -> mug(x, v);
            case CARTON -> carton(x, v);
        };
    }

    private static int bottle(float x, float v) {
        float top = 0.16f, bottom = 0.86f, body = 0.11f, neck = 0.035f, shoulder = 0.42f;
        if (v < top || v > bottom) return -1;
        float r = v < shoulder - 0.08f ? neck
                : v < shoulder ? neck + (body - neck) * smooth((v - shoulder + 0.08f) / 0.08f) : body;
        // Rounded base corners.
        if (v > bottom - 0.02f) r -= 0.02f - (float) Math.sqrt(Math.max(0, 0.0004f - sq(v - bottom + 0.02f)));
        if (Math.abs(x) > r) return -1;
        if (v < top + 0.06f) return scale(0x1c1c1e, 0.8f + 0.4f * shade(x, r));
        return scale(0x9a5a16, 0.45f + 0.75f * shade(x, r) + (Math.abs(x + r * 0.45f) < r * 0.08f ? 0.5f : 0f));
    }

    private static int bowl(float x, float y) {
        float d = (float) Math.sqrt(x * x + y * y);
        if (d > 0.36f) return -1;
        if (d > 0.33f) return scale(0x2a4f8f, 0.9f + 0.2f * (x - y));
        // Inner wall in a sea-green glaze, shaded towards the bottom right; a paler flat bottom in the middle.
        // Two oranges in the bowl, each lit from the top left.
        for (float[] o : new float[][]{{-0.06f, -0.04f}, {0.08f, 0.07f}}) {
            float ox = x - o[0], oy = y - o[1], od = (float) Math.sqrt(ox * ox + oy * oy);
            if (od < 0.1f) return scale(0xe5842a, 1.05f - 2.5f * Math.max(0f, (ox + oy) * 0.7f) - 1.5f * od * od * 10f);
        }
        if (d < 0.17f) return scale(0x3f7a66, 0.95f + 0.1f * (float) Math.cos(d * 20f));
        float k = 0.95f - 0.3f * Math.max(0f, (x + y) / (d + 1e-3f)) * (d - 0.17f) / 0.16f;
        return scale(0x4f8f7a, k);
    }

    private static int mug(float x, float v) {
        float half = 0.2f, top = 0.3f, bottom = 0.78f, e = 0.13f; // e: half-height of the rim and base ellipses
        // Handle on the right: a ring beside the body.
        float hx = x - half - 0.04f, hy = v - 0.52f;
        float hd = (float) Math.sqrt(hx * hx / 0.8f + hy * hy);
        if (x > half - 0.01f && hd > 0.07f && hd < 0.11f) return scale(0x3a2a2a, 0.8f + 0.3f * (0.11f - hd) / 0.04f);
        if (Math.abs(x) > half) return -1;
        float w = (float) Math.sqrt(Math.max(0, 1 - sq(x / half)));
        if (v < top - e * w || v > bottom + e * w) return -1;
        // The rim's inside: the ellipse around the top, coffee inside a black lip.
        float inRim = sq(x / half) + sq((v - top) / e);
        if (inRim <= 1f) {
            return inRim > 0.82f ? 0x141212 : scale(0x5a3520, 0.8f + 0.3f * (1 - inRim));
        }
        return scale(0x402e2c, 0.45f + 0.7f * shade(x, half));
    }

    private static int carton(float x, float v) {
        float top = 0.2f, bottom = 0.84f, left = -0.2f, edge = 0.08f, right = 0.2f;
        if (v < top || v > bottom || x < left || x > right) return -1;
        if (x < edge) {
            boolean band = v > 0.45f && v < 0.55f;
            return band ? 0xc8a24a : scale(0xe9e4dc, 0.98f);
        }
        boolean band = v > 0.45f && v < 0.55f;
        return band ? scale(0xc8a24a, 0.75f) : scale(0xe9e4dc, 0.78f);
    }

    private static float shade(float x, float r) {
        return (float) Math.cos(x / Math.max(1e-3f, r) * 1.2f);
    }

    private static float smooth(float t) {
        t = Math.max(0f, Math.min(1f, t));
        return t * t * (3 - 2 * t);
    }

    private static float sq(float v) {
        return v * v;
    }

    private static int scale(int rgb, float k) {
        int r = Math.min(255, Math.max(0, Math.round(PackedPixels.red(rgb) * k)));
        int g = Math.min(255, Math.max(0, Math.round(PackedPixels.green(rgb) * k)));
        int b = Math.min(255, Math.max(0, Math.round(PackedPixels.blue(rgb) * k)));
        return PackedPixels.rgb(r, g, b);
    }
}
