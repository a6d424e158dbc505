package dev.backdrop.scene;

import dev.backdrop.image.Box;
import java.util.SplittableRandom;

/**
 * Draws the props a prompt names onto the painted surface and backdrop, in canvas pixels, before
 * depth of field and light are applied (so they blur and take the light like the rest):
 * <ul>
 *   <li>rocks: at eye level a boulder whose flat top the product stands on, lit from the key
 *   light's side, with a few smaller stones on the ground, smaller with distance; seen from
 *   above, pebbles scattered round the product, each with a soft shadow;</li>
 *   <li>leaves: sprigs reaching into the frame from its corners, leaf by leaf with a midrib and a
 *   darker half, kept off the product.</li>
 * </ul>
 */
final class PropPainter {

    private final SceneDescription description;
    private final SceneLayout layout;
    private final Box product;
    private final Noise noise;
    private final SplittableRandom random;

    PropPainter(SceneDescription description, SceneLayout layout, Box product, Noise noise, long seed) {
        this.description = description;
        this.layout = layout;
        this.product = product.isEmpty()
                ? new Box(layout.width() * 2 / 5, layout.height() / 2, layout.width() / 5, layout.height() / 3) : product;
        this.noise = noise;
        this.random = new SplittableRandom(seed ^ 0x9E0B5L);
    }

    void paint(ColourPlanes p) {
        if (description.has(Prop.ROCKS)) {
            if (layout.camera().showsHorizon()) {
                boulder(p);
                stones(p, 3);
            } else {
                pebbles(p, 10 + random.nextInt(5));
            }
        }
        if (description.has(Prop.LEAVES)) {
            leaves(p);
        }
    }

    private int stoneLight() {
        return description.backdrop() == Backdrop.FOREST ? 0xa2a48e : 0xc4beb3;
    }

    private int stoneDark() {
        return description.backdrop() == Backdrop.FOREST ? 0x34362c : 0x4a4641;
    }

    /** The rock the product stands on: its top a little above the product's foot, reaching past the frame's bottom if need be. */
    private void boulder(ColourPlanes p) {
        float rx = Math.max(product.width() * 1.2f, layout.width() * 0.16f);
        float ry = Math.max(rx * 0.5f, (layout.height() - layout.baseY()) * 0.9f);
        float cx = product.centerX(), cy = layout.baseY() - ry * 0.12f + ry;
        rock(p, cx, cy, rx, ry, 2.6f, true);
    }

    /** Smaller stones on the ground beside the product, smaller the further back they lie. */
    private void stones(ColourPlanes p, int count) {
        float horizon = Math.max(0f, layout.horizonY()), base = layout.baseY(), h = layout.height();
        for (int k = 0; k < count; k++) {
            float y = horizon + (h - horizon) * (0.15f + 0.8f * (float) random.nextDouble());
            float depth = (y - horizon) / Math.max(1f, base - horizon);
            float r = product.width() * (0.25f + 0.3f * (float) random.nextDouble()) * depth;
            float side = random.nextBoolean() ? 1f : -1f;
            float x = product.centerX() + side * (product.width() * 1.1f + r + (float) random.nextDouble() * layout.width() * 0.3f);
            if (r < 3f) continue;
            rock(p, x, y, r, r * 0.6f, 2.2f, false);
        }
    }

    /** Seen from above: pebbles round the product, none under it, each with a soft shadow away from the light. */
    private void pebbles(ColourPlanes p, int count) {
        float size = Math.min(layout.width(), layout.height());
        Box keepOff = product.grow((int) (size * 0.05f), layout.width(), layout.height());
        for (int k = 0, tries = 0; k < count && tries < count * 20; tries++) {
            float r = size * (0.045f + 0.06f * (float) random.nextDouble());
            // Pebbles may run off the frame's edges, as in a real flat lay.
            float x = (float) (random.nextDouble() * (layout.width() + r) - r / 2);
            float y = (float) (random.nextDouble() * (layout.height() + r) - r / 2);
            if (x + r > keepOff.x() && x - r < keepOff.right() && y + r > keepOff.y() && y - r < keepOff.bottom()) continue;
            shadowBlob(p, x - layout.lightX() * r * 0.35f, y + r * 0.3f, r * 1.1f, r * 0.9f);
            rock(p, x, y, r, r * (0.7f + 0.25f * (float) random.nextDouble()), 2.2f, false);
            k++;
        }
    }

    /**
     * A rock centred at (cx, cy) with radii (rx, ry): a superellipse of exponent {@code power}
     * whose outline is roughened by noise, shaded by its normal towards the light and mottled.
     */
    private void rock(ColourPlanes p, float cx, float cy, float rx, float ry, float power, boolean mossyTop) {
        int w = p.width(), h = p.height();
        int x0 = Math.max(0, (int) (cx - rx * 1.15f)), x1 = Math.min(w, (int) (cx + rx * 1.15f) + 1);
        int y0 = Math.max(0, (int) (cy - ry * 1.15f)), y1 = Math.min(h, (int) (cy + ry * 1.15f) + 1);
        int light = stoneLight(), dark = stoneDark();
        float lx = layout.lightX();
        float seed = (float) random.nextDouble() * 50f;
        boolean moss = mossyTop && description.backdrop() == Backdrop.FOREST;
        for (int y = y0; y < y1; y++) {
            float v = (y + 0.5f - cy) / ry;
            for (int x = x0; x < x1; x++) {
                float u = (x + 0.5f - cx) / rx;
                float angle = (float) Math.atan2(v, u);
                float rough = 1f + 0.08f * noise.fbm(seed + (float) Math.cos(angle) * 2f, seed + (float) Math.sin(angle) * 2f, 3);
                float f = (float) (Math.pow(Math.abs(u), power) + Math.pow(Math.abs(v), power));
                float edge = rough - (float) Math.pow(f, 1f / power);
                if (edge <= 0f) continue;
                float cover = Math.min(1f, edge * Math.min(rx, ry) / 1.2f);
                // Normal of a dome: lit from above and from the light's side; darker low down. From
                // above, the dome's crown faces the camera and the light: bright in the middle.
                float top = Math.max(0f, -v), facing = u * lx;
                float shade = layout.camera().showsHorizon() ? 0.2f + 0.7f * top + 0.3f * facing - 0.25f * Math.max(0f, v)
                        : 0.35f + 0.6f * (1f - Math.min(1f, f)) + 0.25f * facing - 0.15f * v;
                float mottle = 0.18f * noise.fbm(u * 3f + seed, v * 3f, 4) + 0.06f * noise.at(u * 14f + seed, v * 14f);
                float t = Math.max(0f, Math.min(1f, shade + mottle));
                float r = lerp(ColourPlanes.red(dark), ColourPlanes.red(light), t);
                float g = lerp(ColourPlanes.green(dark), ColourPlanes.green(light), t);
                float b = lerp(ColourPlanes.blue(dark), ColourPlanes.blue(light), t);
                if (moss && v < -0.55f) {
                    float m = Noise.smoothstep(-0.55f, -0.8f, v) * (0.6f + 0.4f * noise.fbm(u * 5f, v * 5f + seed, 2));
                    r = lerp(r, 0.24f * (0.6f + t), m);
                    g = lerp(g, 0.36f * (0.6f + t), m);
                    b = lerp(b, 0.16f * (0.6f + t), m);
                }
                blend(p, y * w + x, r, g, b, cover);
            }
        }
    }

    private void shadowBlob(ColourPlanes p, float cx, float cy, float rx, float ry) {
        int w = p.width(), h = p.height();
        for (int y = Math.max(0, (int) (cy - ry * 1.6f)); y < Math.min(h, (int) (cy + ry * 1.6f) + 1); y++) {
            for (int x = Math.max(0, (int) (cx - rx * 1.6f)); x < Math.min(w, (int) (cx + rx * 1.6f) + 1); x++) {
                float u = (x - cx) / rx, v = (y - cy) / ry;
                float d = u * u + v * v;
                if (d >= 2.5f) continue;
                float k = 1f - 0.5f * (float) Math.exp(-d * 1.6f);
                int i = y * w + x;
                p.r()[i] *= k;
                p.g()[i] *= k;
                p.b()[i] *= k;
            }
        }
    }

    /** Three or four sprigs from the frame's corners towards the product, leaves alternating along each stem. */
    private void leaves(ColourPlanes p) {
        int w = p.width(), h = p.height();
        float size = Math.min(w, h);
        float[][] corners = {{0, 0}, {w, 0}, {0, h}, {w, h}};
        int sprigs = 3 + random.nextInt(2);
        int skip = random.nextInt(4);
        for (int k = 0, made = 0; k < 4 && made < sprigs; k++) {
            if (k == skip && sprigs == 3) continue;
            float sx = corners[k][0], sy = corners[k][1];
            float tx = product.centerX(), ty = product.y() + product.height() * 0.5f;
            float angle = (float) Math.atan2(ty - sy, tx - sx) + (float) (random.nextDouble() - 0.5) * 0.5f;
            float reach = size * (0.32f + 0.12f * (float) random.nextDouble());
            sprig(p, sx, sy, angle, reach, size);
            made++;
        }
    }

    private void sprig(ColourPlanes p, float sx, float sy, float angle, float reach, float size) {
        int count = 6 + random.nextInt(3);
        float leafLength = size * (0.09f + 0.04f * (float) random.nextDouble());
        for (int k = 0; k < count; k++) {
            float along = reach * (0.15f + 0.85f * k / (count - 1f));
            float bx = sx + (float) Math.cos(angle) * along, by = sy + (float) Math.sin(angle) * along;
            float side = (k & 1) == 0 ? 1f : -1f;
            float la = angle + side * (0.7f + 0.3f * (float) random.nextDouble());
            float length = leafLength * (k == count - 1 ? 0.8f : 1f);
            leaf(p, bx, by, k == count - 1 ? angle : la, length, length * (0.32f + 0.08f * (float) random.nextDouble()));
        }
        // The stem.
        leaf(p, sx, sy, angle, reach, size * 0.006f);
    }

    /** A leaf from (x, y) along {@code angle}: a pointed lens {@code length} long, with a midrib and a darker half. */
    private void leaf(ColourPlanes p, float x, float y, float angle, float length, float width) {
        int w = p.width(), h = p.height();
        float ca = (float) Math.cos(angle), sa = (float) Math.sin(angle);
        float reach = length + width;
        Box keepOff = product.grow(2, w, h);
        int hue = random.nextInt(3);
        int base = hue == 0 ? 0x2f6b2a : hue == 1 ? 0x3f7d31 : 0x2b5e35;
        for (int py = Math.max(0, (int) (y - reach)); py < Math.min(h, (int) (y + reach) + 1); py++) {
            for (int px = Math.max(0, (int) (x - reach)); px < Math.min(w, (int) (x + reach) + 1); px++) {
                if (px >= keepOff.x() && px < keepOff.right() && py >= keepOff.y() && py < keepOff.bottom()) continue;
                float dx = px + 0.5f - x, dy = py + 0.5f - y;
                float s = dx * ca + dy * sa, t = -dx * sa + dy * ca;
                if (s < 0f || s > length) continue;
                float halfWidth = width * 0.5f * (float) Math.pow(Math.sin(Math.PI * s / length), 0.75);
                float edge = halfWidth - Math.abs(t);
                if (edge <= 0f) continue;
                float cover = Math.min(1f, edge);
                float across = t / Math.max(1e-3f, halfWidth);
                float shade = 0.85f + 0.25f * (s / length) - (across < 0 ? 0.18f : 0f);
                float rib = Math.abs(t) < Math.max(0.6f, width * 0.04f) ? 0.25f : 0f;
                float r = ColourPlanes.red(base) * shade + rib * 0.5f, g = ColourPlanes.green(base) * shade + rib * 0.6f,
                        b = ColourPlanes.blue(base) * shade + rib * 0.3f;
                blend(p, py * w + px, r, g, b, cover);
            }
        }
    }

    private static void blend(ColourPlanes p, int i, float r, float g, float b, float a) {
        p.r()[i] += (r - p.r()[i]) * a;
        p.g()[i] += (g - p.g()[i]) * a;
        p.b()[i] += (b - p.b()[i]) * a;
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }
}
