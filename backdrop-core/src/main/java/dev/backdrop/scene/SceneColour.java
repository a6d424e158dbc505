package dev.backdrop.scene;

/**
 * A colour read from a prompt: the words that named it ("deep blue") and the resulting sRGB value.
 *
 * @param name the words as read, lower case
 * @param hex  the colour as {@code #rrggbb}
 */
public record SceneColour(String name, String hex) {

    static SceneColour of(String name, int rgb) {
        return new SceneColour(name, String.format("#%06x", rgb & 0xFFFFFF));
    }

    /** The colour packed as 0xRRGGBB. */
    public int rgb() {
        return Integer.parseInt(hex.substring(1), 16);
    }

    /** Hue in degrees [0, 360). */
    public float hue() {
        return Hsl.of(rgb()).h();
    }

    /** HSL saturation in [0, 1]; near 0 for white, gray and black. */
    public float saturation() {
        return Hsl.of(rgb()).s();
    }

    @Override
    public String toString() {
        return name + " " + hex;
    }
}
