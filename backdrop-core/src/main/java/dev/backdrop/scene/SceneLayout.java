package dev.backdrop.scene;

import dev.backdrop.image.Box;

import java.util.SplittableRandom;

/**
 * Where things are in a scene and where its light comes from; the renderer draws by it and the
 * compositor casts shadows and reflections by it.
 *
 * @param width          canvas width
 * @param height         canvas height
 * @param horizonY       row where the surface meets the backdrop
 * @param baseY          row where the product touches the surface
 * @param lightX         horizontal direction the key light comes from: -1 from the left, +1 from the right
 * @param lightElevation height of the key light: 0 at the horizon, 1 straight overhead
 * @param softness       0 for a hard, point-like light, 1 for a large diffuse one
 * @param shadowOpacity  darkest a shadow gets, 0..1
 * @param reflectivity   share of the product mirrored by the surface, 0 for matte
 * @param lightTint      colour of the light, packed 0xRRGGBB
 * @param camera         how the product was shot; above eye level the horizon is above the canvas
 */
public record SceneLayout(int width, int height, float horizonY, float baseY, float lightX, float lightElevation,
                          float softness, float shadowOpacity, float reflectivity, int lightTint, CameraAngle camera) {

    /** A layout of a product shot at eye level. */
    public SceneLayout(int width, int height, float horizonY, float baseY, float lightX, float lightElevation,
                       float softness, float shadowOpacity, float reflectivity, int lightTint) {
        this(width, height, horizonY, baseY, lightX, lightElevation, softness, shadowOpacity, reflectivity, lightTint,
                CameraAngle.EYE_LEVEL);
    }

    /** This layout for a product shot from {@code angle}, the horizon moved as {@link CameraAngle#horizon} says. */
    public SceneLayout seenFrom(CameraAngle angle, Box subject) {
        float boxH = subject.isEmpty() ? height * 0.4f : subject.height();
        float lift = angle.showsHorizon() ? Math.max(0f, Math.min(1f, ((baseY - horizonY) / boxH - 0.38f) / 0.22f)) : 0.5f;
        return new SceneLayout(width, height, angle.horizon(baseY, boxH, height, lift), baseY, lightX, lightElevation,
                softness, shadowOpacity, reflectivity, lightTint, angle);
    }

    /** A neutral studio set-up for backgrounds that come with no scene of their own (reference, diffusion). */
    public static SceneLayout neutral(int width, int height, Box subject) {
        float base = subject.isEmpty() ? height * 0.85f : subject.bottom();
        return new SceneLayout(width, height, base - subject.height() * 0.45f, base, -0.6f, 0.6f, 0.7f, 0.5f, 0f,
                0xffffff);
    }

    /** Lays out a described scene around the subject's box; the seed picks light side and camera height. */
    public static SceneLayout plan(SceneDescription d, Box subject, int width, int height, long seed) {
        return plan(d, subject, width, height, seed, CameraAngle.EYE_LEVEL);
    }

    /** Lays out a described scene for a product shot from {@code camera}; the seed picks light side and camera height. */
    public static SceneLayout plan(SceneDescription d, Box subject, int width, int height, long seed,
                                   CameraAngle camera) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x1A70L);
        float base = subject.isEmpty() ? height * 0.82f : subject.bottom() - subject.height() * 0.01f;
        float boxH = subject.isEmpty() ? height * 0.4f : subject.height();
        float horizon = camera.horizon(base, boxH, height, (float) random.nextDouble());

        float side = random.nextBoolean() ? 1f : -1f;
        float lightX = side * (0.45f + (float) random.nextDouble() * 0.4f);
        float elevation = 0.55f + (float) random.nextDouble() * 0.1f;
        float softness = d.backdrop().isPlace() ? 0.5f : 0.68f;
        float contrast = 0f;
        for (Lighting l : d.lighting()) {
            elevation += l.elevation();
            softness += l.softness();
            contrast += l.contrast();
        }
        if (d.has(Lighting.TOP)) {
            lightX *= 0.25f;
        }
        elevation = clamp(elevation, 0.12f, 0.95f);
        softness = clamp(softness, 0.05f, 1f);
        float opacity = clamp(0.5f + 0.35f * (1f - softness) + contrast * 0.3f, 0.25f, 0.9f);
        float reflectivity = d.surface().reflectivity() * (d.has(Style.LUXURY) ? 1.25f : 1f);
        int tint = 0xffffff;
        for (Lighting l : d.lighting()) {
            tint = Palette.multiply(tint, l.tint());
        }
        // Looking down, a glossy surface mirrors the ceiling, not the product.
        float mirrored = camera.showsHorizon() ? Math.min(0.6f, reflectivity) : 0f;
        return new SceneLayout(width, height, horizon, base, lightX, elevation, softness, opacity, mirrored, tint,
                camera);
    }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
