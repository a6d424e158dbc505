package dev.backdrop.compose;

/**
 * Switches for composition.
 *
 * @param preserveProduct keep every fully opaque product pixel exactly as in the input (edges
 *                        may still be blended); off lets harmonisation and light wrap touch the whole product
 * @param shadow          contact and cast shadows: none, soft or hard, and how dark
 * @param reflection      mirror the product in glossy surfaces (marble, glass, water)
 * @param harmonize       nudge the product's white balance and exposure towards the scene
 * @param harmonizeLimit  the most any channel may be scaled by harmonisation, e.g. 0.06 for ±6%
 * @param lightWrap       let the background's light spill over the product's edges
 * @param layers          also return the cut-out, shadow, background and mask layers
 */
public record CompositionOptions(boolean preserveProduct, ShadowStyle shadow, boolean reflection, boolean harmonize,
                                 double harmonizeLimit, boolean lightWrap, boolean layers) {

    public static final CompositionOptions DEFAULT = new CompositionOptions(true, ShadowStyle.SOFT, true, true, 0.06,
            true, false);

    /** Options whose shadows are soft ({@code true}) or none. */
    public CompositionOptions(boolean preserveProduct, boolean shadow, boolean reflection, boolean harmonize,
                              double harmonizeLimit, boolean lightWrap, boolean layers) {
        this(preserveProduct, ShadowStyle.of(shadow), reflection, harmonize, harmonizeLimit, lightWrap, layers);
    }

    public CompositionOptions {
        if (shadow == null) {
            shadow = ShadowStyle.SOFT;
        }
        if (!(harmonizeLimit >= 0 && harmonizeLimit <= 0.5)) {
            throw new InvalidCompositionException("harmonize_limit",
                    "harmonize_limit must be between 0 and 0.5, got " + harmonizeLimit);
        }
    }

    public CompositionOptions withPreserveProduct(boolean v) {
        return new CompositionOptions(v, shadow, reflection, harmonize, harmonizeLimit, lightWrap, layers);
    }

    /** Soft shadows ({@code true}) or none, as the jobs API's boolean {@code shadow} asks. */
    public CompositionOptions withShadow(boolean v) {
        return withShadow(ShadowStyle.of(v));
    }

    public CompositionOptions withShadow(ShadowStyle v) {
        return new CompositionOptions(preserveProduct, v, reflection, harmonize, harmonizeLimit, lightWrap, layers);
    }

    public CompositionOptions withLayers(boolean v) {
        return new CompositionOptions(preserveProduct, shadow, reflection, harmonize, harmonizeLimit, lightWrap, v);
    }
}
