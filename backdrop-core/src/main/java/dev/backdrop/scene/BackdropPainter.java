package dev.backdrop.scene;

import java.util.SplittableRandom;

/**
 * Paints what is behind the product into low-resolution planes. The backdrop is always out of
 * focus, so painting it small and enlarging it later costs nothing visible and gives the blur
 * for free.
 */
final class BackdropPainter {

    private final SceneDescription description;
    private final Palette palette;
    private final Noise noise;
    private final SplittableRandom random;
    /** Rows to paint in the current {@link #paint} call. */
    private int rows;

    BackdropPainter(SceneDescription description, Palette palette, Noise noise, long seed) {
        this.description = description;
        this.palette = palette;
        this.noise = noise;
        this.random = new SplittableRandom(seed ^ 0xBAC4D20BL);
    }

    /**
     * Paints a {@code w x h} backdrop whose horizon is at row {@code horizon} (in these small
     * pixels); only its first {@code rows} rows, as the surface covers the rest.
     */
    ColourPlanes paint(int w, int h, int rows, float horizon, float lightX) {
        ColourPlanes p = ColourPlanes.blank(w, h);
        this.rows = Math.min(h, rows);
        switch (description.backdrop()) {
            case STUDIO_SWEEP -> sweep(p, horizon);
            case WALL -> wall(p, horizon);
            case GRADIENT -> gradient(p, horizon);
            case WINDOW_LIGHT -> window(p, horizon, lightX);
            case BEACH -> beach(p, horizon);
            case FOREST -> forest(p, horizon);
            case DESERT -> desert(p, horizon);
            case SNOW -> snow(p, horizon);
            case CITY -> city(p, horizon);
            case KITCHEN -> tiles(p, horizon, 0.075f, 0.0375f, true);
            case BATHROOM -> tiles(p, horizon, 0.11f, 0.11f, false);
            case CAFE -> cafe(p, horizon);
        }
        return p;
    }

    private void sweep(ColourPlanes p, float horizon) {
        int w = p.width(), h = p.height();
        for (int y = 0; y < rows; y++) {
            // Paper curving towards the camera catches more light lower down.
            float lift = 0.84f + 0.2f * Noise.smoothstep(0f, horizon * 1.3f, y);
            for (int x = 0; x < w; x++) {
                float m = lift + 0.012f * noise.fbm(x * 4f / w, y * 4f / h, 2);
                put(p, y * w + x, palette.wall(), m);
            }
        }
    }

    private void wall(ColourPlanes p, float horizon) {
        int w = p.width(), h = p.height();
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < w; x++) {
                float u = x * 1f / w, v = y * 1f / h;
                float m = 1f + 0.045f * noise.fbm(u * 2.5f, v * 2.5f, 3) + 0.02f * noise.at(u * 18f, v * 18f);
                put(p, y * w + x, palette.wall(), m * (0.93f + 0.07f * Noise.smoothstep(0f, horizon, y)));
            }
        }
    }

    private void gradient(ColourPlanes p, float horizon) {
        int w = p.width(), h = p.height();
        float cx = 0.5f + (float) (random.nextDouble() - 0.5) * 0.2f, cy = horizon / h * 0.7f;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < w; x++) {
                float dx = x * 1f / w - cx, dy = (y * 1f / h - cy) * 1.2f;
                float t = Noise.smoothstep(0.05f, 0.85f, (float) Math.sqrt(dx * dx + dy * dy));
                mix(p, y * w + x, palette.wall(), 1.12f, palette.wallShade(), 1f, t);
            }
        }
    }

    private void window(ColourPlanes p, float horizon, float lightX) {
        wall(p, horizon);
        int w = p.width(), h = p.height();
        // Sunlight through a four-pane window lands on the wall on the side away from the window.
        float cx = 0.5f - lightX * 0.22f, cy = horizon / h * 0.5f;
        float ww = 0.34f, wh = Math.max(0.2f, horizon / h * 0.7f), skew = -lightX * 0.35f;
        float bar = 0.018f;
        for (int y = 0; y < rows; y++) {
            float v = y * 1f / h;
            float ly = (v - cy) / wh + 0.5f;
            if (ly < 0f || ly > 1f) continue;
            for (int x = 0; x < w; x++) {
                float u = x * 1f / w - skew * (v - cy);
                float lx = (u - cx) / ww + 0.5f;
                if (lx < 0f || lx > 1f) continue;
                // Soft-edged panes: the sun is a broad source, so the patch's edges and bars blur.
                float edge = Noise.smoothstep(0f, 0.08f, Math.min(Math.min(lx, 1f - lx), Math.min(ly, 1f - ly)));
                float barX = Noise.smoothstep(bar * 0.5f, bar * 2.5f, Math.abs(lx - 0.5f) * ww);
                float barY = Noise.smoothstep(bar * 0.5f, bar * 2.5f, Math.abs(ly - 0.5f) * wh);
                add(p, y * w + x, palette.accent(), 0.38f * edge * barX * barY);
            }
        }
    }

    private void beach(ColourPlanes p, float horizon) {
        int w = p.width(), h = p.height();
        float seaTop = horizon - h * 0.07f;
        int sky = palette.wall(), sea = palette.accent();
        for (int y = 0; y < rows; y++) {
            float v = y * 1f / h;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float u = x * 1f / w;
                if (y < seaTop) {
                    float t = y / Math.max(1f, seaTop);
                    mix(p, i, sky, 0.82f, 0xf2f6f7, 0.98f, t * t);
                    float cloud = Noise.smoothstep(0.05f, 0.45f, noise.fbm(u * 2.5f, v * 7f, 3));
                    blendTo(p, i, 0xffffff, cloud * 0.75f * (1f - t));
                } else {
                    float t = (y - seaTop) / Math.max(1f, horizon - seaTop);
                    mix(p, i, sea, 0.85f, 0x7cc7cf, 1.05f, t);
                    blendTo(p, i, 0xffffff, Math.max(0f, noise.at(u * 30f, v * 160f)) * 0.35f);
                }
            }
        }
    }

    private void forest(ColourPlanes p, float horizon) {
        int w = p.width(), h = p.height();
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < w; x++) {
                float u = x * 1f / w, v = y * 1f / h;
                float m = 0.55f + 0.25f * noise.fbm(u * 3f, v * 2f, 3);
                put(p, y * w + x, palette.wall(), m);
            }
        }
        int trunks = 5 + random.nextInt(5);
        for (int k = 0; k < trunks; k++) {
            float cx = (float) random.nextDouble(), tw = 0.015f + (float) random.nextDouble() * 0.035f;
            for (int y = 0; y < (int) horizon; y++) {
                for (int x = Math.max(0, (int) ((cx - tw) * w)); x < Math.min(w, (int) ((cx + tw) * w) + 1); x++) {
                    float d = Math.abs(x * 1f / w - cx) / tw;
                    if (d < 1f) scale(p, y * w + x, 0.55f + 0.3f * d);
                }
            }
        }
        bokeh(p, horizon * 1.05f, 45, palette.accent(), 0.012f, 0.04f, 0.28f);
    }

    private void desert(ColourPlanes p, float horizon) {
        int w = p.width(), h = p.height();
        for (int x = 0; x < w; x++) {
            float u = x * 1f / w;
            float far = horizon - h * (0.05f + 0.04f * noise.fbm(u * 2f, 3.3f, 3));
            float near = horizon - h * (0.015f + 0.03f * Math.abs(noise.fbm(u * 1.3f + 9f, 7.1f, 2)));
            for (int y = 0; y < rows; y++) {
                int i = y * w + x;
                if (y < far) {
                    float t = y / Math.max(1f, far);
                    mix(p, i, palette.accent(), 0.9f, 0xf5e7d2, 1f, t);
                } else if (y < near) {
                    put(p, i, palette.wall(), 0.92f + 0.08f * noise.at(u * 8f, y * 8f / h));
                } else {
                    put(p, i, palette.wall(), 1.04f);
                }
            }
        }
    }

    private void snow(ColourPlanes p, float horizon) {
        int w = p.width(), h = p.height();
        for (int x = 0; x < w; x++) {
            float u = x * 1f / w;
            float ridge = horizon - h * (0.08f + 0.16f * Math.abs(noise.fbm(u * 1.6f, 1.7f, 4)));
            for (int y = 0; y < rows; y++) {
                int i = y * w + x;
                if (y < ridge) {
                    mix(p, i, palette.wall(), 0.85f, 0xf3f6f9, 1f, y / Math.max(1f, ridge));
                } else {
                    float shade = noise.fbm(u * 6f, y * 6f / h, 3);
                    mix(p, i, 0x8d9fb3, 1f, palette.accent(), 1f, Noise.smoothstep(-0.3f, 0.3f, shade));
                }
            }
        }
    }

    private void city(ColourPlanes p, float horizon) {
        int w = p.width(), h = p.height();
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < w; x++) {
                put(p, y * w + x, palette.wall(), 0.45f + 0.35f * y / h);
            }
        }
        float x0 = 0f;
        while (x0 < 1f) {
            float bw = 0.06f + (float) random.nextDouble() * 0.12f;
            float top = horizon / h * (0.1f + (float) random.nextDouble() * 0.6f);
            float tone = 0.35f + (float) random.nextDouble() * 0.25f;
            for (int y = (int) (top * h); y < (int) horizon; y++) {
                for (int x = (int) (x0 * w); x < Math.min(w, (int) ((x0 + bw) * w)); x++) {
                    int i = y * w + x;
                    put(p, i, palette.wall(), tone);
                    float wx = (x * 1f / w - x0) * 60f, wy = y * 60f / h;
                    if ((wx - Noise.floor(wx)) < 0.5f && (wy - Noise.floor(wy)) < 0.45f
                            && Noise.hash(Noise.floor(wx) + (int) (x0 * 977), Noise.floor(wy), 3) < 0.35f) {
                        add(p, i, palette.accent(), 0.55f);
                    }
                }
            }
            x0 += bw + 0.01f;
        }
        bokeh(p, horizon * 1.1f, 25, palette.accent(), 0.012f, 0.035f, 0.35f);
    }

    private void tiles(ColourPlanes p, float horizon, float tileW, float tileH, boolean staggered) {
        int w = p.width(), h = p.height();
        float grout = 0.0035f;
        for (int y = 0; y < rows; y++) {
            float v = y * 1f / h;
            int row = Noise.floor(v / tileH);
            float off = staggered && (row & 1) == 1 ? tileW / 2 : 0f;
            for (int x = 0; x < w; x++) {
                float u = x * 1f / w + off;
                float fu = u / tileW - Noise.floor(u / tileW), fv = v / tileH - Noise.floor(v / tileH);
                boolean line = fu * tileW < grout || fv * tileH < grout;
                float tileTone = 0.97f + 0.05f * Noise.hash(Noise.floor(u / tileW), row, 11);
                float glaze = 0.04f * (1f - fv);
                put(p, y * w + x, palette.wall(), line ? 0.8f : tileTone + glaze);
            }
        }
        // A bright window out of shot on the light side.
        bokeh(p, horizon * 0.6f, 2, palette.accent(), 0.25f, 0.35f, 0.25f);
    }

    private void cafe(ColourPlanes p, float horizon) {
        int w = p.width(), h = p.height();
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < w; x++) {
                float u = x * 1f / w, v = y * 1f / h;
                float shelf = (v * 4f - Noise.floor(v * 4f)) < 0.06f ? 0.6f : 1f;
                put(p, y * w + x, palette.wall(), shelf * (0.75f + 0.2f * noise.fbm(u * 3f, v * 3f, 3)));
            }
        }
        bokeh(p, horizon * 0.9f, 30, palette.accent(), 0.01f, 0.035f, 0.4f);
    }

    /** Out-of-focus highlights: soft discs of light added over the upper part of the frame. */
    private void bokeh(ColourPlanes p, float below, int count, int colour, float minR, float maxR, float strength) {
        int w = p.width(), h = p.height();
        for (int k = 0; k < count; k++) {
            float cx = (float) random.nextDouble() * w, cy = (float) random.nextDouble() * Math.min(h, below);
            float r = (minR + (float) random.nextDouble() * (maxR - minR)) * w;
            float a = strength * (0.3f + 0.7f * (float) random.nextDouble());
            for (int y = Math.max(0, (int) (cy - r)); y < Math.min(rows, (int) (cy + r) + 1); y++) {
                for (int x = Math.max(0, (int) (cx - r)); x < Math.min(w, (int) (cx + r) + 1); x++) {
                    float d = (float) Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) / r;
                    if (d < 1f) {
                        // Flat disc with a slightly brighter rim, like a real lens's bokeh.
                        add(p, y * w + x, colour, a * (1f - Noise.smoothstep(0.85f, 1f, d)) * (0.8f + 0.2f * d));
                    }
                }
            }
        }
    }

    private static void put(ColourPlanes p, int i, int rgb, float m) {
        p.r()[i] = ColourPlanes.red(rgb) * m;
        p.g()[i] = ColourPlanes.green(rgb) * m;
        p.b()[i] = ColourPlanes.blue(rgb) * m;
    }

    private static void mix(ColourPlanes p, int i, int a, float ma, int b, float mb, float t) {
        p.r()[i] = ColourPlanes.red(a) * ma * (1 - t) + ColourPlanes.red(b) * mb * t;
        p.g()[i] = ColourPlanes.green(a) * ma * (1 - t) + ColourPlanes.green(b) * mb * t;
        p.b()[i] = ColourPlanes.blue(a) * ma * (1 - t) + ColourPlanes.blue(b) * mb * t;
    }

    private static void blendTo(ColourPlanes p, int i, int rgb, float t) {
        p.r()[i] += (ColourPlanes.red(rgb) - p.r()[i]) * t;
        p.g()[i] += (ColourPlanes.green(rgb) - p.g()[i]) * t;
        p.b()[i] += (ColourPlanes.blue(rgb) - p.b()[i]) * t;
    }

    private static void add(ColourPlanes p, int i, int rgb, float a) {
        p.r()[i] += ColourPlanes.red(rgb) * a;
        p.g()[i] += ColourPlanes.green(rgb) * a;
        p.b()[i] += ColourPlanes.blue(rgb) * a;
    }

    private static void scale(ColourPlanes p, int i, float m) {
        p.r()[i] *= m;
        p.g()[i] *= m;
        p.b()[i] *= m;
    }
}
