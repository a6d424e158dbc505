package dev.backdrop.scene;

/**
 * What is behind the product. Each backdrop knows its usual colour and the surface it usually
 * comes with, used when the prompt names neither.
 */
public enum Backdrop {
    /** Seamless paper curving from wall to floor: no visible horizon. */
    STUDIO_SWEEP("studio sweep", 0xe9e7e3, Material.PAPER),
    WALL("wall", 0xcfc8bd, Material.WOOD),
    GRADIENT("gradient", 0x8c96a3, Material.PAPER),
    WINDOW_LIGHT("window light", 0xd8d2c7, Material.LINEN),
    BEACH("beach", 0x8cc4e0, Material.SAND),
    FOREST("forest", 0x3f6b35, Material.WOOD),
    DESERT("desert", 0xe3b985, Material.SAND),
    SNOW("snow", 0xc9d8e6, Material.SNOW),
    CITY("city", 0x4b5566, Material.CONCRETE),
    KITCHEN("kitchen", 0xe6e1d8, Material.MARBLE),
    BATHROOM("bathroom", 0xe8ecee, Material.MARBLE),
    CAFE("café", 0x5a3d2b, Material.WOOD);

    private final String label;
    private final int colour;
    private final Material usualSurface;

    Backdrop(String label, int colour, Material usualSurface) {
        this.label = label;
        this.colour = colour;
        this.usualSurface = usualSurface;
    }

    public String label() {
        return label;
    }

    /** The usual main colour, packed 0xRRGGBB. */
    public int colour() {
        return colour;
    }

    public Material usualSurface() {
        return usualSurface;
    }

    /** Outdoor and room scenes are drawn as places; the others are plain studio set-ups. */
    public boolean isPlace() {
        return ordinal() >= BEACH.ordinal();
    }
}
