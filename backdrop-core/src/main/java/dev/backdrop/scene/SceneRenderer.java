package dev.backdrop.scene;

import dev.backdrop.image.Box;
import dev.backdrop.image.PackedPixels;
import dev.backdrop.image.RgbImage;

/**
 * Draws a described scene at the canvas size: the backdrop (painted small, enlarged), the
 * surface in perspective with its material pattern, depth of field behind and in front of the
 * product, the light's pool, fall-off, tint and vignette, and a faint film grain. Same
 * description, layout and seed give the same pixels.
 */
public final class SceneRenderer {

    /** The backdrop is painted at 1/4 size: it is always out of focus. */
    private static final int BACKDROP_REDUCTION = 4;
    /** Light varies slowly: 1/8 size is plenty. */
    private static final int LIGHT_REDUCTION = 8;
    /** Grain tile side (a power of two), shifted per tile row so it never visibly repeats. */
    private static final int GRAIN_BITS = 8;
    private static final int GRAIN_TILE = 1 << GRAIN_BITS;
    /** Macro pattern grid step in pixels. */
    private static final int MACRO_STEP = 4;
    /** Mean luma a white studio backdrop is exposed to (before shadows): white, with the paper's shading still there. */
    private static final double WHITE_STUDIO_LUMA = 250.5;

    /** @param grain luma grain to add, standard deviation in 8-bit levels (the photo's, so the two match) */
    public RgbImage render(SceneDescription d, SceneLayout layout, float productCenterX, float grain, long seed) {
        int cx = Math.round(productCenterX);
        return render(d, layout, new Box(Math.max(0, cx - 1), (int) (layout.baseY() * 0.6f), 2,
                Math.max(1, (int) (layout.baseY() * 0.4f))), grain, seed);
    }

    /** @param product the product's box on the canvas: props are drawn around it */
    public RgbImage render(SceneDescription d, SceneLayout layout, Box product, float grain, long seed) {
        float productCenterX = product.isEmpty() ? layout.width() / 2f : product.centerX();
        int w = layout.width(), h = layout.height();
        Palette palette = Palette.of(d, seed);
        Noise noise = new Noise(seed * 0x9E3779B97F4A7C15L + 1);

        int lw = (w + BACKDROP_REDUCTION - 1) / BACKDROP_REDUCTION, lh = (h + BACKDROP_REDUCTION - 1) / BACKDROP_REDUCTION;
        // Places have detail to throw out of focus; sunlight through a window is soft-edged.
        float focus = d.backdrop() == Backdrop.WINDOW_LIGHT ? 0.011f : d.backdrop().isPlace() ? 0.006f : 0.003f;
        float sigma = Math.max(0.6f, lw * focus);
        // Rows the surface covers completely needn't be painted or enlarged; painting goes on a
        // few blur widths further, so the blur reads no blank rows into the visible ones.
        float band = d.backdrop() == Backdrop.STUDIO_SWEEP ? h * 0.16f : Math.max(1.2f, h * 0.0035f);
        int visible = Math.min(h, (int) Math.ceil(layout.horizonY() + band) + 2);
        ColourPlanes p;
        if (visible > 0) {
            int painted = visible / BACKDROP_REDUCTION + 2 + (int) Math.ceil(4 * sigma);
            ColourPlanes small = new BackdropPainter(d, palette, noise, seed)
                    .paint(lw, lh, painted, layout.horizonY() / BACKDROP_REDUCTION, layout.lightX());
            small.blur(sigma);
            p = small.resized(w, h, visible);
        } else {
            // Seen from above, the surface fills the frame: there is no backdrop to paint.
            p = ColourPlanes.blank(w, h);
        }

        paintSurface(p, d, palette, layout, productCenterX, noise, seed);
        new PropPainter(d, layout, product, noise, seed).paint(p);
        depthOfField(p, layout);
        LightField light = light(p, d, palette, layout, productCenterX, seed);
        RgbImage image = finish(p, light, grain, seed);
        return d.isWhiteStudio() ? exposedToWhite(image) : image;
    }

    /**
     * A white studio backdrop is exposed to read as white, as a photographer meters it: the
     * frame is brightened until its mean luma is {@link #WHITE_STUDIO_LUMA} (channels clip at 255).
     */
    private static RgbImage exposedToWhite(RgbImage image) {
        int[] px = image.pixels();
        // Lumas sampled on a grid are enough to meter the frame; clipping at 255 means the gain is
        // found in a few rounds rather than in one division.
        int step = Math.max(1, (int) Math.sqrt(px.length / 20_000.0));
        float gain = 1f;
        for (int round = 0; round < 6; round++) {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < px.length; i += step) {
                int p = px[i];
                sum += 0.299 * Math.min(255f, PackedPixels.red(p) * gain)
                        + 0.587 * Math.min(255f, PackedPixels.green(p) * gain)
                        + 0.114 * Math.min(255f, PackedPixels.blue(p) * gain);
                n++;
            }
            double mean = sum / Math.max(1, n);
            if (mean <= 0 || mean >= WHITE_STUDIO_LUMA) break;
            gain *= (float) Math.min(1.5, WHITE_STUDIO_LUMA / mean + 0.002);
        }
        if (gain <= 1f) {
            return image;
        }
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            out[i] = PackedPixels.rgb(Math.min(255, (int) (PackedPixels.red(p) * gain + 0.5f)),
                    Math.min(255, (int) (PackedPixels.green(p) * gain + 0.5f)),
                    Math.min(255, (int) (PackedPixels.blue(p) * gain + 0.5f)));
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    private void paintSurface(ColourPlanes p, SceneDescription d, Palette palette, SceneLayout layout, float cx,
                              Noise noise, long seed) {
        int w = p.width(), h = p.height();
        float horizon = layout.horizonY();
        boolean sweep = d.backdrop() == Backdrop.STUDIO_SWEEP;
        float band = sweep ? h * 0.16f : Math.max(1.2f, h * 0.0035f);
        int y0 = Math.max(0, (int) Math.floor(horizon - band));
        if (y0 >= h) return;
        float baseDy = Math.max(2f, layout.baseY() - horizon);
        float s = h * 0.35f;                 // pixels per ground unit at the product
        float k = 3.4f;                      // depth foreshortening: focal length over that unit
        float contrast = 1f;
        for (Style st : d.styles()) contrast *= st.pattern();
        SurfaceTexture texture = new SurfaceTexture(d.surface(), noise, contrast, seed);

        float dr = ColourPlanes.red(palette.surfaceDark()), dg = ColourPlanes.green(palette.surfaceDark()),
                db = ColourPlanes.blue(palette.surfaceDark());
        float lr = ColourPlanes.red(palette.surfaceLight()), lg = ColourPlanes.green(palette.surfaceLight()),
                lb = ColourPlanes.blue(palette.surfaceLight());
        // Seen from above, a glossy surface mirrors the room over the camera, not the backdrop.
        float reflect = layout.camera().showsHorizon() ? d.surface().reflectivity() : 0f;

        // Coarse grid of the slow pattern part, interpolated per pixel.
        int gw = w / MACRO_STEP + 2, gh = (h - y0) / MACRO_STEP + 2;
        float[] m0 = new float[gw * gh], m1 = new float[gw * gh];
        float[] out = new float[2];
        for (int j = 0; j < gh; j++) {
            float y = y0 + j * MACRO_STEP;
            float dy = Math.max(y - horizon, 1f);
            float z = baseDy / dy;
            for (int i = 0; i < gw; i++) {
                texture.macro((i * MACRO_STEP - cx) / s * z, z * k, out);
                m0[j * gw + i] = out[0];
                m1[j * gw + i] = out[1];
            }
        }
        float[] pr = p.r(), pg = p.g(), pb = p.b();
        for (int y = y0; y < h; y++) {
            float dy = Math.max(y - horizon, 1f);
            float z = baseDy / dy;
            float fx = z / s, fd = k * baseDy / (dy * dy);
            float alpha = sweep ? Noise.smoothstep(horizon - band, horizon + band * 0.6f, y)
                    : Noise.smoothstep(horizon - band, horizon + band, y);
            float gy = (y - y0) / (float) MACRO_STEP;
            int j = Math.min(gh - 2, (int) gy);
            float ty = gy - j;
            int row0 = j * gw, row1 = row0 + gw;
            float fres = reflect * sq(Math.max(0f, 1f - dy / (0.6f * (h - horizon + 1))));
            int mirror = Math.max(0, (int) (horizon - dy * 0.8f)) * w;
            int o = y * w;
            float d0 = z * k;
            texture.row(fx, fd);
            // Rows that depth of field will blur fully need only every other pixel.
            int step = cocAt(y, layout) >= 0.31f ? 2 : 1;
            float groundPerPixel = z / s, groundLeft = -cx * groundPerPixel;
            for (int x = 0; x < w; x += step) {
                float gx = x / (float) MACRO_STEP;
                int i = (int) gx;
                float tx = gx - i;
                float a0 = m0[row0 + i] + (m0[row0 + i + 1] - m0[row0 + i]) * tx;
                float a1 = m0[row1 + i] + (m0[row1 + i + 1] - m0[row1 + i]) * tx;
                float b0 = m1[row0 + i] + (m1[row0 + i + 1] - m1[row0 + i]) * tx;
                float b1 = m1[row1 + i] + (m1[row1 + i + 1] - m1[row1 + i]) * tx;
                float t = texture.tone(groundLeft + x * groundPerPixel, d0, a0 + (a1 - a0) * ty, b0 + (b1 - b0) * ty, x, y);
                float r = dr + (lr - dr) * t, g = dg + (lg - dg) * t, b = db + (lb - db) * t;
                if (fres > 0f) {
                    // Glossy surfaces mirror the backdrop, most strongly at grazing angles far away.
                    int m = mirror + x;
                    r += (pr[m] - r) * fres;
                    g += (pg[m] - g) * fres;
                    b += (pb[m] - b) * fres;
                }
                for (int idx = o + x, end = Math.min(o + w, idx + step); idx < end; idx++) {
                    pr[idx] += (r - pr[idx]) * alpha;
                    pg[idx] += (g - pg[idx]) * alpha;
                    pb[idx] += (b - pb[idx]) * alpha;
                }
            }
        }
    }

    /**
     * Blurs the surface by distance from the product's plane of focus: sharp at the product's
     * foot, growing towards the horizon and, more gently, towards the camera.
     */
    private void depthOfField(ColourPlanes p, SceneLayout layout) {
        int w = p.width(), h = p.height();
        float horizon = layout.horizonY(), base = layout.baseY();
        int y0 = Math.max(0, (int) horizon - 2);
        if (y0 >= h - 1) return;
        // Blur only the band below the horizon, at reduced sizes, and enlarge row by row while blending.
        ColourPlanes band = rows(p, y0, h);
        ColourPlanes near = band.reduced(2);
        ColourPlanes far = near.reduced(2);
        near.blur(Math.max(0.7f, h * 0.0018f));
        far.blur(Math.max(0.8f, h * 0.0022f));
        RowSampler nearRows = new RowSampler(near, w, band.height());
        RowSampler farRows = new RowSampler(far, w, band.height());
        float[] pr = p.r(), pg = p.g(), pb = p.b();
        for (int y = y0; y < h; y++) {
            float coc = cocAt(y, layout);
            if (coc < 0.04f) continue;
            float tn = Math.min(1f, coc / 0.35f), tf = Math.max(0f, (coc - 0.35f) / 0.65f);
            nearRows.load(y - y0);
            farRows.load(y - y0);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int i = o + x;
                float nr = nearRows.r(x), ng = nearRows.g(x), nb = nearRows.b(x);
                float r = nr + (farRows.r(x) - nr) * tf;
                float g = ng + (farRows.g(x) - ng) * tf;
                float b = nb + (farRows.b(x) - nb) * tf;
                pr[i] += (r - pr[i]) * tn;
                pg[i] += (g - pg[i]) * tn;
                pb[i] += (b - pb[i]) * tn;
            }
        }
    }

    /** Circle of confusion of a surface row, 0 (sharp, at the product's foot) to 1 (the horizon). */
    private static float cocAt(int y, SceneLayout layout) {
        float horizon = layout.horizonY(), base = layout.baseY();
        float coc = y < base ? (base - y) / Math.max(1f, base - horizon)
                : 0.35f * (y - base) / Math.max(1f, layout.height() - base);
        return Math.min(1f, coc * 1.15f);
    }

    private static ColourPlanes rows(ColourPlanes p, int y0, int y1) {
        int w = p.width(), n = (y1 - y0) * w;
        float[] r = new float[n], g = new float[n], b = new float[n];
        System.arraycopy(p.r(), y0 * w, r, 0, n);
        System.arraycopy(p.g(), y0 * w, g, 0, n);
        System.arraycopy(p.b(), y0 * w, b, 0, n);
        return new ColourPlanes(w, y1 - y0, r, g, b);
    }

    /** Multiplies in the light: key pools on wall and floor, side fall-off, vignette and tint. */
    /** Light multipliers per channel at reduced size. */
    private record LightField(ColourPlanes planes) {
    }

    private LightField light(ColourPlanes p, SceneDescription d, Palette palette, SceneLayout layout, float cx, long seed) {
        int w = p.width(), h = p.height();
        int sw = Math.max(2, (w + LIGHT_REDUCTION - 1) / LIGHT_REDUCTION), sh = Math.max(2, (h + LIGHT_REDUCTION - 1) / LIGHT_REDUCTION);
        float contrast = 0f, vignette = 0.22f;
        for (Lighting l : d.lighting()) contrast += l.contrast();
        for (Style s : d.styles()) vignette += s.vignette();
        vignette += contrast * 0.6f;
        float ambient = Math.max(0.35f, 0.8f - contrast * 0.55f - (1f - layout.softness()) * 0.1f);
        if (d.isWhiteStudio()) {
            // High key: the backdrop is lit evenly, so it stays white to the corners.
            vignette = Math.min(vignette, 0.04f);
            ambient = Math.max(ambient, 0.95f);
        }
        float key = 1.08f - ambient;
        float lx = layout.lightX();
        float aspect = (float) w / h;
        float pu = cx / w, hv = layout.horizonY() / h, bv = layout.baseY() / h;
        float wallR = 0.35f + 0.3f * layout.softness(), floorR = 0.3f + 0.25f * layout.softness();
        float side = 0.1f + (d.has(Lighting.GOLDEN_HOUR) || d.has(Lighting.SUNSET) ? 0.18f : 0f)
                + (d.has(Lighting.DRAMATIC) ? 0.12f : 0f);
        if (d.isWhiteStudio()) {
            side *= 0.2f; // high key: no side of the sweep falls off to grey
        }
        int tint = palette.lightTint();
        float tl = 0.299f * ColourPlanes.red(tint) + 0.587f * ColourPlanes.green(tint) + 0.114f * ColourPlanes.blue(tint);
        // Half-strength tint: a gel over the key, not a colour filter over the whole frame.
        float tr = 0.5f + 0.5f * ColourPlanes.red(tint) / tl, tg = 0.5f + 0.5f * ColourPlanes.green(tint) / tl,
                tb = 0.5f + 0.5f * ColourPlanes.blue(tint) / tl;
        boolean sweep = d.backdrop() == Backdrop.STUDIO_SWEEP;
        float floorFrom = sweep ? hv - 0.15f : hv - 0.03f, floorTo = sweep ? hv + 0.12f : hv + 0.05f;
        boolean neon = d.has(Lighting.NEON);
        boolean neonFlip = (seed & 1) == 0;
        float[] mr = new float[sw * sh], mg = new float[sw * sh], mb = new float[sw * sh];
        for (int y = 0; y < sh; y++) {
            float v = (y + 0.5f) / sh;
            for (int x = 0; x < sw; x++) {
                float u = (x + 0.5f) / sw;
                float du = (u - pu - lx * 0.16f) * aspect, dvw = v - (hv - 0.2f);
                float wallPool = (float) Math.exp(-(du * du + dvw * dvw) / (wallR * wallR));
                float du2 = (u - pu - lx * 0.06f) * aspect, dvf = (v - bv) * 1.6f;
                float floorPool = (float) Math.exp(-(du2 * du2 + dvf * dvf) / (floorR * floorR));
                float onFloor = Noise.smoothstep(floorFrom, floorTo, v);
                float m = ambient + key * (wallPool + (floorPool - wallPool) * onFloor);
                m *= 1f + side * lx * (u - 0.5f) * 2f;
                float ex = (u - 0.5f) * 1.15f, ey = (v - 0.5f) * 1.15f;
                m *= 1f - vignette * (ex * ex + ey * ey) * 1.6f;
                float r = tr, g = tg, b = tb;
                if (neon) {
                    // Two coloured gels from opposite sides, strongest on the backdrop.
                    float t = neonFlip ? u : 1f - u;
                    float reach = 1f - 0.5f * onFloor;
                    r *= 1f + reach * (0.35f * (1f - t) - 0.3f * t);
                    g *= 1f + reach * (-0.35f * (1f - t) + 0.12f * t);
                    b *= 1f + reach * (0.25f * (1f - t) + 0.35f * t);
                }
                int i = y * sw + x;
                mr[i] = m * r;
                mg[i] = m * g;
                mb[i] = m * b;
            }
        }
        return new LightField(new ColourPlanes(sw, sh, mr, mg, mb));
    }

    /** Adds luminance grain (a real sensor's, never quite zero) and packs to 8-bit sRGB. */
    private RgbImage finish(ColourPlanes p, LightField light, float grainLevels, long seed) {
        int w = p.width(), h = p.height();
        ColourPlanes l = light.planes();
        int sw = l.width(), sh = l.height();
        // Light is enlarged on the fly: per output row, blend two light rows, then spread across.
        int[] x0 = new int[w];
        float[] fx = new float[w];
        for (int x = 0; x < w; x++) {
            float gx = Math.max(0f, Math.min(sw - 1f, (x + 0.5f) * sw / w - 0.5f));
            x0[x] = Math.min(sw - 2, (int) gx);
            fx[x] = gx - x0[x];
        }
        float[] lr = new float[sw], lg = new float[sw], lb = new float[sw];
        int[] out = new int[w * h];
        // Grain from a seeded tile: a table read per pixel instead of a hash.
        int salt = (int) (seed ^ (seed >>> 32));
        float[] grain = new float[GRAIN_TILE * GRAIN_TILE];
        // Uniform noise of width A has deviation A/√12.
        float width = (float) (grainLevels / 255 * Math.sqrt(12));
        for (int i = 0; i < grain.length; i++) {
            grain[i] = (Noise.hash(i % GRAIN_TILE, i / GRAIN_TILE, salt) - 0.5f) * width;
        }
        float[] pr = p.r(), pg = p.g(), pb = p.b();
        for (int y = 0; y < h; y++) {
            float gy = Math.max(0f, Math.min(sh - 1f, (y + 0.5f) * sh / h - 0.5f));
            int y0 = (int) gy, y1 = Math.min(sh - 1, y0 + 1);
            float fy = gy - y0;
            for (int x = 0; x < sw; x++) {
                int a = y0 * sw + x, b = y1 * sw + x;
                lr[x] = l.r()[a] + (l.r()[b] - l.r()[a]) * fy;
                lg[x] = l.g()[a] + (l.g()[b] - l.g()[a]) * fy;
                lb[x] = l.b()[a] + (l.b()[b] - l.b()[a]) * fy;
            }
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int i = o + x, k = x0[x];
                float t = fx[x];
                float mr = lr[k] + (lr[k + 1] - lr[k]) * t;
                float mg = lg[k] + (lg[k + 1] - lg[k]) * t;
                float mb = lb[k] + (lb[k + 1] - lb[k]) * t;
                float n = grain[((y & (GRAIN_TILE - 1)) << GRAIN_BITS) | ((x + (y >> GRAIN_BITS) * 97) & (GRAIN_TILE - 1))];
                out[i] = PackedPixels.rgb(channel(pr[i] * mr + n), channel(pg[i] * mg + n), channel(pb[i] * mb + n));
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int channel(float v) {
        int c = (int) (v * 255f + 0.5f);
        return c < 0 ? 0 : (c > 255 ? 255 : c);
    }

    private static float sq(float v) {
        return v * v;
    }
}
