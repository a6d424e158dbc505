package dev.backdrop.scene;

/**
 * What the product stands on. Each material knows its two key tones (dark and light ends of its
 * palette), the pattern it is drawn with, how much it mirrors the product and how coarse its
 * pattern is on the ground plane.
 */
public enum Material {
    WOOD("wood", 0x6b4428, 0xa8774a, Texture.GRAIN, 0.04f, 1f),
    LIGHT_WOOD("light wood", 0xb48a5e, 0xe2c49a, Texture.GRAIN, 0.03f, 1f),
    DARK_WOOD("dark wood", 0x21130b, 0x55331d, Texture.GRAIN, 0.06f, 1f),
    OAK("oak", 0x9a7148, 0xcfa779, Texture.GRAIN, 0.03f, 1.1f),
    WALNUT("walnut", 0x3a2416, 0x6e4a31, Texture.GRAIN, 0.06f, 0.9f),
    MARBLE("marble", 0xb9b6b2, 0xf1efec, Texture.VEINS, 0.22f, 1f),
    CONCRETE("concrete", 0x7d7b78, 0xaaa7a2, Texture.SPECKLE, 0.0f, 1f),
    STONE("stone", 0x4a4744, 0x9a948b, Texture.ROCK, 0.02f, 1.6f),
    LINEN("linen", 0xcdbfa8, 0xe9e0cf, Texture.WEAVE, 0.0f, 1f),
    FABRIC("fabric", 0x8c8174, 0xb8ad9f, Texture.WEAVE, 0.0f, 0.8f),
    VELVET("velvet", 0x3c1224, 0x7a2e4c, Texture.PILE, 0.0f, 1f),
    PAPER("paper", 0xd9d6d0, 0xf4f2ee, Texture.SMOOTH, 0.0f, 1f),
    SAND("sand", 0xc9a87c, 0xead2a8, Texture.SPECKLE, 0.0f, 0.6f),
    WATER("water", 0x1f4d63, 0x5f9bb3, Texture.RIPPLE, 0.45f, 1f),
    GRASS("grass", 0x2f5a1c, 0x6c9a3a, Texture.BLADES, 0.0f, 1f),
    METAL("metal", 0x6f7378, 0xc4c8cc, Texture.BRUSHED, 0.3f, 1f),
    GLASS("glass", 0x9fb2b5, 0xdfe8e9, Texture.CLEAR, 0.5f, 1f),
    SNOW("snow", 0xd6dfe8, 0xfbfdff, Texture.SPECKLE, 0.05f, 0.5f),
    TILES("tiles", 0x8f9496, 0xeef0f0, Texture.TILE, 0.12f, 1f);

    private final String label;
    private final int darkTone;
    private final int lightTone;
    private final Texture texture;
    private final float reflectivity;
    private final float patternScale;

    Material(String label, int darkTone, int lightTone, Texture texture, float reflectivity, float patternScale) {
        this.label = label;
        this.darkTone = darkTone;
        this.lightTone = lightTone;
        this.texture = texture;
        this.reflectivity = reflectivity;
        this.patternScale = patternScale;
    }

    public String label() {
        return label;
    }

    public int darkTone() {
        return darkTone;
    }

    public int lightTone() {
        return lightTone;
    }

    public Texture texture() {
        return texture;
    }

    /** Share of the product mirrored in the surface, 0 for matte materials. */
    public float reflectivity() {
        return reflectivity;
    }

    /** Relative size of the pattern; above 1 is coarser. */
    public float patternScale() {
        return patternScale;
    }

    public boolean isWood() {
        return texture == Texture.GRAIN;
    }

    /** The tone variant a "dark" or "light" modifier asks for; materials without variants stay as they are. */
    Material toned(ColourModifier modifier) {
        if (!isWood() || modifier == null) {
            return this;
        }
        return switch (modifier) {
            case DARK, DEEP -> this == OAK ? WOOD : DARK_WOOD;
            case LIGHT, PASTEL -> LIGHT_WOOD;
        };
    }
}
