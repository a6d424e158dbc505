package dev.backdrop.scene;

/**
 * A lighting word and what it does to the rig: how soft the key light is (0 hard .. 1 very soft),
 * how much the scene falls off into shadow, the light's tint and its height.
 */
public enum Lighting {
    SOFT("soft", 0.35f, -0.1f, 0xffffff, 0f),
    HARD("hard", -0.45f, 0.1f, 0xffffff, 0f),
    DRAMATIC("dramatic", -0.3f, 0.35f, 0xfff4e8, -0.1f),
    WARM("warm", 0f, 0f, 0xffe2bf, 0f),
    COOL("cool", 0f, 0f, 0xd8e6ff, 0f),
    GOLDEN_HOUR("golden hour", 0.05f, 0.1f, 0xffcf8a, -0.35f),
    SUNSET("sunset", 0.05f, 0.15f, 0xffaa80, -0.45f),
    NEON("neon", -0.1f, 0.25f, 0xf0c8ff, 0f),
    TOP("top light", 0.05f, 0.05f, 0xffffff, 0.45f);

    private final String label;
    private final float softness;
    private final float contrast;
    private final int tint;
    private final float elevation;

    Lighting(String label, float softness, float contrast, int tint, float elevation) {
        this.label = label;
        this.softness = softness;
        this.contrast = contrast;
        this.tint = tint;
        this.elevation = elevation;
    }

    public String label() {
        return label;
    }

    /** Added to the rig's softness. */
    float softness() {
        return softness;
    }

    /** Added to the rig's light fall-off and vignette. */
    float contrast() {
        return contrast;
    }

    /** Multiplied into the light's colour, packed 0xRRGGBB. */
    int tint() {
        return tint;
    }

    /** Added to the key light's height: negative is a low sun, positive an overhead light. */
    float elevation() {
        return elevation;
    }
}
