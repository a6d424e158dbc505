package dev.backdrop.scene;

/** Style words and how they bend the look: pattern strength, saturation, vignette. */
public enum Style {
    MINIMAL("minimal", 0.45f, 0.8f, -0.1f),
    LUXURY("luxury", 1.0f, 0.9f, 0.15f),
    RUSTIC("rustic", 1.3f, 1.05f, 0.05f),
    PROFESSIONAL("professional", 0.9f, 1f, 0f),
    AWARD_WINNING("award winning", 1.05f, 1.05f, 0.1f);

    private final String label;
    private final float pattern;
    private final float saturation;
    private final float vignette;

    Style(String label, float pattern, float saturation, float vignette) {
        this.label = label;
        this.pattern = pattern;
        this.saturation = saturation;
        this.vignette = vignette;
    }

    public String label() {
        return label;
    }

    /** Multiplies the contrast of the surface pattern. */
    float pattern() {
        return pattern;
    }

    /** Multiplies the backdrop's saturation. */
    float saturation() {
        return saturation;
    }

    /** Added to the vignette strength. */
    float vignette() {
        return vignette;
    }
}
