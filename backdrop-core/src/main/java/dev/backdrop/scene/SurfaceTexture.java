package dev.backdrop.scene;

/**
 * The pattern of a surface material on the ground plane. Ground coordinates are {@code x}
 * (across the frame) and {@code d} (depth, away from the camera), in units of roughly a third of
 * the frame height at the product. A pattern is split into a slow part ({@link #macro}), sampled
 * on a coarse grid and interpolated, and a fast part ({@link #tone}) evaluated per pixel, which
 * keeps millions of pixels cheap. Patterns fade to their mean where one pixel covers more than a
 * stripe ({@code footprint}), so nothing shimmers near the horizon.
 */
final class SurfaceTexture {

    private static final float SEAM = 0.012f;
    private static final float WEAVE_THREADS = 55f;
    private static final float TILE_SIZE = 0.34f;
    private static final float TILE_GROUT = 0.012f;

    private final Texture texture;
    private final Noise noise;
    private final float contrast;
    private final float scale;
    /** Wood planks run across the frame (typical tabletop) or away from the camera. */
    private final boolean planksAcross;
    private final float plankWidth;
    private final float ringFrequency;
    private final float veinAngle;
    /** Fades for the current row (see {@link #row}); their meaning depends on the pattern. */
    private float fadeA, fadeB, fadeC, fadeD;
    /** The plank of the last wood pixel, its tone and butt-joint offset (see {@link #wood}). */
    private int plankIndex = Integer.MIN_VALUE;
    private float plankTone, plankJoint;
    /** The two fibre samples around the last pixel (see {@link #fibre}). */
    private static final float FIBRE_SAMPLES = 8f;
    private int fibreKey = Integer.MIN_VALUE;
    private float fibreV = Float.NaN, fibreLow, fibreHigh;

    SurfaceTexture(Material material, Noise noise, float contrast, long seed) {
        this.texture = material.texture();
        this.noise = noise;
        this.contrast = contrast;
        this.scale = 1f / material.patternScale();
        this.planksAcross = Noise.hash((int) seed, (int) (seed >>> 32), 1) < 0.7f;
        this.plankWidth = 0.45f + 0.3f * Noise.hash((int) seed, 7, 2);
        this.ringFrequency = 5f + 4f * Noise.hash((int) seed, 9, 3);
        this.veinAngle = 0.4f + 0.8f * Noise.hash((int) seed, 5, 4);
    }

    /**
     * Prepares a row of pixels: how much ground one pixel spans across ({@code fx}) and in depth
     * ({@code fd}) is the same along a row, so the anti-alias fades are worked out once here.
     */
    void row(float fx, float fd) {
        fx *= scale;
        fd *= scale;
        float both = Math.max(fx, fd);
        float fa = planksAcross ? fx : fd, fb = planksAcross ? fd : fx;
        switch (texture) {
            case GRAIN -> {
                fadeA = fade(fb, 0.5f / ringFrequency);
                fadeB = fade(fb, 0.015f);
                fadeC = fade(fb, SEAM);
                fadeD = fade(fa, SEAM);
            }
            case VEINS -> fadeA = fade(fd, 0.3f);
            case SPECKLE -> fadeA = fade(both, 0.02f);
            case ROCK -> {
                fadeA = fade(both, 0.03f);
                fadeB = fade(both, 0.012f);
            }
            case WEAVE -> fadeA = fade(both, 1f / WEAVE_THREADS);
            case RIPPLE -> fadeA = fade(fd, 0.15f);
            case BLADES -> fadeA = fade(both, 0.012f);
            case BRUSHED -> fadeA = fade(planksAcross ? fd : fx, 0.01f);
            case TILE -> fadeA = fade(both, TILE_GROUT);
            default -> fadeA = 1f;
        }
    }

    /** Slow variation at a ground point: index 0 and 1 feed {@link #tone}. */
    void macro(float x, float d, float[] out) {
        x *= scale;
        d *= scale;
        switch (texture) {
            case GRAIN -> {
                float a = planksAcross ? x : d, b = planksAcross ? d : x;
                out[0] = noise.fbm(a * 0.35f, b * 1.6f, 3);
                out[1] = noise.fbm(a * 0.9f + 40f, b * 0.9f, 2);
            }
            case VEINS -> {
                out[0] = noise.fbm(x * 0.5f, d * 0.5f, 4);
                out[1] = noise.fbm(x * 1.3f + 20f, d * 1.3f, 3);
            }
            case ROCK -> {
                out[0] = noise.fbm(x * 0.9f, d * 0.9f, 4);
                out[1] = noise.fbm(x * 2.4f + 17f, d * 2.4f, 3);
            }
            case SPECKLE, PILE, SMOOTH -> {
                out[0] = noise.fbm(x * 1.2f, d * 1.2f, 4);
                out[1] = noise.fbm(x * 5f + 30f, d * 5f, 2);
            }
            case WEAVE, BRUSHED, CLEAR, TILE -> {
                out[0] = noise.fbm(x * 0.8f, d * 0.8f, 3);
                out[1] = noise.fbm(x * 4f + 11f, d * 4f, 2);
            }
            case RIPPLE -> {
                out[0] = noise.fbm(x * 2.2f, d * 0.9f, 4);
                out[1] = noise.fbm(x * 0.7f + 3f, d * 0.4f, 2);
            }
            case BLADES -> {
                out[0] = noise.fbm(x * 1.5f, d * 1.5f, 3);
                out[1] = noise.fbm(x * 6f + 8f, d * 6f, 2);
            }
        }
    }

    /** Tone at a ground point of the current {@link #row} in [0, 1] (0 = the dark tone, 1 = the light tone). */
    float tone(float x, float d, float m0, float m1, int px, int py) {
        x *= scale;
        d *= scale;
        float t;
        switch (texture) {
            case GRAIN -> t = wood(x, d, m0, m1);
            case VEINS -> {
                // Long veins running mostly across the slab, wandering with the slow noise; a
                // broad grey cloud underneath, as in Carrara marble.
                float warp = m0 * 0.9f + m1 * 0.25f;
                float s = Math.abs(Noise.wave(x * 0.16f * veinAngle + d * 0.05f + warp));
                float vein = 1f - Noise.smoothstep(0f, 0.05f + 0.05f * Math.abs(m1), s);
                float halo = 1f - Noise.smoothstep(0f, 0.35f, s);
                float fine = 1f - Noise.smoothstep(0f, 0.035f, Math.abs(Noise.wave(x * 0.5f - d * 0.11f + m0 * 2.2f)));
                float cloud = Math.max(0f, m1 + 0.1f);
                t = 0.86f - 0.22f * cloud - 0.1f * halo
                        - (0.45f * vein + 0.22f * fine * Math.max(0f, m0 + 0.15f)) * fadeA;
            }
            case SPECKLE -> {
                float grainFade = fadeA;
                float h = Noise.hash(Noise.floor(x * 90f), Noise.floor(d * 90f), 5);
                float speck = h > 0.94f ? -0.35f : (h < 0.04f ? 0.2f : (h - 0.5f) * 0.12f);
                t = 0.5f + 0.35f * m0 + 0.12f * m1 + speck * grainFade;
            }
            case WEAVE -> {
                float f = WEAVE_THREADS, thread = fadeA;
                float sx = Math.abs(Noise.wave(x * f * 0.5f)), sd = Math.abs(Noise.wave(d * f * 0.5f));
                boolean over = ((Noise.floor(x * f) + Noise.floor(d * f)) & 1) == 0;
                float weave = (over ? sd : sx) - 0.5f;
                float slub = noise.at(x * 2f, d * 45f) * 0.5f;
                t = 0.55f + 0.18f * m0 + (0.3f * weave + 0.12f * slub) * thread;
            }
            case ROCK -> {
                // Weathered rock: broad light and dark patches, thin dark cracks along the zero
                // line of the finer noise (only across the lighter patches, so they break off), and grit.
                float crack = (1f - Noise.smoothstep(0f, 0.03f, Math.abs(m1))) * Noise.smoothstep(-0.05f, 0.3f, m0) * fadeA;
                float h = Noise.hash(Noise.floor(x * 70f), Noise.floor(d * 70f), 11);
                float grit = (h > 0.92f ? -0.3f : (h < 0.05f ? 0.25f : (h - 0.5f) * 0.14f)) * fadeB;
                t = 0.5f + 0.55f * m0 + 0.18f * m1 + grit - 0.25f * crack;
            }
            case PILE -> {
                // Crushed pile: patches where the fibres lie flat catch the light, soft-edged.
                float sheen = Noise.smoothstep(-0.3f, 0.45f, m0 + 0.25f * m1);
                t = 0.2f + 0.65f * sheen * sheen + 0.1f * m1;
            }
            case SMOOTH -> {
                float fibre = (Noise.hash(px, py, 9) - 0.5f) * 0.05f;
                t = 0.7f + 0.1f * m0 + 0.05f * m1 + fibre;
            }
            case RIPPLE -> {
                float r = m0 * 0.8f + 0.3f * Noise.wave(d * 6f + m1 * 3f) * fadeA;
                t = 0.45f + 0.45f * r + (r > 0.35f ? 0.4f : 0f);
            }
            case BLADES -> {
                float blades = noise.at(x * 70f, d * 9f) * fadeA;
                t = 0.45f + 0.35f * m0 + 0.1f * m1 + 0.3f * blades;
            }
            case BRUSHED -> {
                float a = planksAcross ? d : x;
                float streak = noise.at(a * 90f, (planksAcross ? x : d) * 0.6f) * fadeA;
                t = 0.55f + 0.15f * m0 + 0.18f * streak;
            }
            case CLEAR -> t = 0.55f + 0.05f * m0;
            case TILE -> {
                // Square tiles a third of a ground unit wide, each glazed a little differently, in grout lines.
                float u = x / TILE_SIZE, v = d / TILE_SIZE;
                float fu = u - Noise.floor(u), fv = v - Noise.floor(v);
                float edge = Math.min(Math.min(fu, 1f - fu), Math.min(fv, 1f - fv)) * TILE_SIZE;
                float grout = (1f - Noise.smoothstep(TILE_GROUT * 0.5f, TILE_GROUT, edge)) * fadeA;
                float glaze = 0.8f + 0.12f * (Noise.hash(Noise.floor(u), Noise.floor(v), 13) - 0.5f) + 0.05f * m0;
                t = glaze - 0.75f * grout;
            }
            default -> t = 0.5f;
        }
        t = 0.5f + (t - 0.5f) * contrast;
        return t < 0f ? 0f : (t > 1f ? 1f : t);
    }

    private float wood(float x, float d, float m0, float m1) {
        // a runs along the planks, b across them.
        float a = planksAcross ? x : d, b = planksAcross ? d : x;
        float plank = b / plankWidth;
        int index = Noise.floor(plank);
        float within = plank - index;
        if (index != plankIndex) {
            // Neighbouring pixels mostly lie on the same plank: hash its tone and joint offset once.
            plankIndex = index;
            plankTone = Noise.hash(index, 17, 6) - 0.5f;
            plankJoint = Noise.hash(index, 3, 8);
        }
        // Growth rings: stripes along the plank, bent by slow noise and offset per plank.
        float rings = Noise.wave(b * ringFrequency + m0 * 2.6f + plankTone * 7f + a * 0.04f);
        float ring = (rings * rings * rings) * fadeA;
        float fibre = fadeB > 0f ? fibre(a * 1.5f + index * 31f, b * 60f) * fadeB : 0f;
        // Dark seams between planks and at staggered butt joints.
        float edge = Math.min(within, 1f - within) * plankWidth;
        float seam = edge >= SEAM ? 0f : (1f - Noise.smoothstep(SEAM * 0.3f, SEAM, edge)) * fadeC;
        float length = 3.2f, joint = (a + plankJoint * length) / length;
        float jointEdge = Math.abs(joint - Math.round(joint)) * length;
        float butt = jointEdge >= SEAM ? 0f : (1f - Noise.smoothstep(SEAM * 0.3f, SEAM, jointEdge)) * fadeD;
        float t = 0.55f + 0.28f * plankTone + 0.2f * ring + 0.1f * fibre + 0.12f * m1;
        return t - 0.45f * Math.max(seam, butt);
    }

    /**
     * Fibre streaks, noise stretched along the planks. When planks run across the frame, a row
     * of pixels runs along them: {@code v} stays put and {@code u} creeps (tens of pixels per
     * noise cell), so the row reads samples {@value #FIBRE_SAMPLES} per cell, interpolated,
     * instead of one noise evaluation per pixel, which was a third of a wood scene's time.
     */
    private float fibre(float u, float v) {
        if (!planksAcross) {
            return noise.at(u, v);
        }
        float g = u * FIBRE_SAMPLES;
        int k = Noise.floor(g);
        if (v != fibreV || k != fibreKey) {
            fibreLow = v == fibreV && k == fibreKey + 1 ? fibreHigh : noise.at(k / FIBRE_SAMPLES, v);
            fibreHigh = noise.at((k + 1) / FIBRE_SAMPLES, v);
            fibreKey = k;
            fibreV = v;
        }
        return fibreLow + (fibreHigh - fibreLow) * (g - k);
    }

    /** 1 where a pixel is much smaller than the feature, falling to 0 as it reaches the feature's size. */
    private static float fade(float footprint, float feature) {
        float r = footprint / feature;
        return r <= 0.25f ? 1f : (r >= 1f ? 0f : (1f - r) / 0.75f);
    }
}
