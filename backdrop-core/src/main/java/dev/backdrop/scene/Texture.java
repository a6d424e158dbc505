package dev.backdrop.scene;

/** The pattern family a surface material is drawn with. */
public enum Texture {
    /** Wood: planks with growth rings bent by noise. */
    GRAIN,
    /** Marble: a pale base crossed by thin turbulent veins. */
    VEINS,
    /** Concrete, sand, snow: mottled tone with fine speckles. */
    SPECKLE,
    /** Stone and rock: broad weathered patches, dark cracks and grit. */
    ROCK,
    /** Linen and other fabrics: a warp-and-weft weave with slubs. */
    WEAVE,
    /** Velvet: a smooth pile whose crushed patches catch the light as soft sheen. */
    PILE,
    /** Paper: almost flat, faint fibres. */
    SMOOTH,
    /** Water: ripples that stretch with distance. */
    RIPPLE,
    /** Grass: dense blades and clumps. */
    BLADES,
    /** Metal: brushed streaks running across the surface. */
    BRUSHED,
    /** Glass: a clear, tinted, mirror-like plate. */
    CLEAR,
    /** Tiles: glazed squares in a grid of grout lines, each tile a slightly different tone. */
    TILE
}
