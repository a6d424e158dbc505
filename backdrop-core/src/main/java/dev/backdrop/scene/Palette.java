package dev.backdrop.scene;

import dev.backdrop.image.PackedPixels;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The resolved colours of a scene (packed 0xRRGGBB): backdrop main and shade, an accent for
 * places (sky, foliage, lights), the surface's dark and light tones and the light's tint. Every
 * colour is kept away from the hues the negative prompt names.
 */
record Palette(int wall, int wallShade, int accent, int surfaceDark, int surfaceLight, int lightTint) {

    static Palette of(SceneDescription d, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5CE9E1L);
        List<SceneColour> avoid = d.avoidedColours();
        int wall = d.backdropColour() != null ? d.backdropColour().rgb() : usualWall(d);
        Hsl w = Hsl.of(wall);
        // Small seeded drift so two seeds of the same prompt aren't the same paint.
        w = w.withH(w.h() + (float) (random.nextDouble() - 0.5) * 8f)
                .withL(w.l() * (0.96f + (float) random.nextDouble() * 0.08f));
        float saturation = 1f;
        for (Style s : d.styles()) {
            saturation *= s.saturation();
        }
        if (d.has(Style.LUXURY) && d.backdropColour() == null) {
            w = w.withL(w.l() * 0.7f);
        }
        if (d.has(Style.MINIMAL) && d.backdropColour() == null) {
            w = w.withL(w.l() + (1 - w.l()) * 0.3f);
        }
        w = w.withS(w.s() * saturation);
        wall = avoiding(w.rgb(), avoid);
        Hsl shadeHsl = Hsl.of(wall);
        int shade = avoiding(shadeHsl.withH(shadeHsl.h() + 12f).withL(shadeHsl.l() * 0.62f).rgb(), avoid);
        int accent = avoiding(accent(d.backdrop()), avoid);

        int dark = d.surface().darkTone(), light = d.surface().lightTone();
        if (d.surfaceColour() != null) {
            Hsl c = Hsl.of(d.surfaceColour().rgb());
            if (d.surface().texture() == Texture.PILE) {
                // Velvet's body is deeper than its colour and its lit pile far lighter, even when black.
                light = c.withL(c.l() * 0.7f + 0.2f).rgb();
                dark = c.withL(c.l() * 0.4f).rgb();
            } else {
                // Even a black surface shows its pattern in light.
                light = c.withL(Math.max(c.l(), 0.1f)).rgb();
                dark = c.withL(c.l() * 0.72f).rgb();
            }
        } else if (d.surface() == Material.STONE && d.backdrop() == Backdrop.FOREST) {
            // Rock in a forest is damp and mossy: darker, with a green cast.
            light = 0x6f7a5c;
            dark = 0x2e3326;
        } else if (d.surface() == Material.PAPER && d.backdrop() == Backdrop.STUDIO_SWEEP) {
            // A sweep is one sheet: the floor takes the wall's paint.
            Hsl c = Hsl.of(wall);
            light = c.withL(Math.min(1f, c.l() * 1.04f)).rgb();
            dark = c.withL(c.l() * 0.93f).rgb();
        }
        dark = avoiding(dark, avoid);
        light = avoiding(light, avoid);

        int tint = 0xffffff;
        for (Lighting l : d.lighting()) {
            tint = multiply(tint, l.tint());
        }
        return new Palette(wall, shade, accent, dark, light, tint);
    }

    /** The wall that usually goes with the surface when the prompt names no colour. */
    private static int usualWall(SceneDescription d) {
        if (d.backdrop() != Backdrop.WALL && d.backdrop() != Backdrop.GRADIENT) {
            return d.backdrop().colour();
        }
        return switch (d.surface()) {
            case DARK_WOOD -> 0x3a3431;
            case WALNUT -> 0x4d443d;
            case WOOD -> 0xb9ada0;
            case LIGHT_WOOD, OAK, LINEN, PAPER -> 0xe2dbd0;
            case MARBLE, GLASS, METAL, TILES -> 0xd3d1cf;
            case CONCRETE, STONE -> 0xaca7a0;
            case VELVET -> 0x2c2328;
            case SAND -> 0xe0cfb5;
            case WATER, SNOW -> 0xc3d1dc;
            case GRASS -> 0xd7dccf;
            case FABRIC -> 0xcbc3b8;
        };
    }

    private static int accent(Backdrop b) {
        return switch (b) {
            case BEACH -> 0x1d6f8f;
            case FOREST -> 0xa8c66c;
            case DESERT -> 0x9fc3e0;
            case SNOW -> 0xf4f8fb;
            case CITY -> 0xffb45a;
            case KITCHEN -> 0x8a9a8b;
            case BATHROOM -> 0xb9c9cf;
            case CAFE -> 0xffc27a;
            case WINDOW_LIGHT -> 0xfff6e6;
            default -> 0xffffff;
        };
    }

    /** True when {@code rgb} reads as the avoided colour: near its hue when it has one, else near its lightness. */
    static boolean clashes(int rgb, SceneColour avoided) {
        Hsl c = Hsl.of(rgb), a = Hsl.of(avoided.rgb());
        if (a.s() >= 0.2f && a.l() > 0.1f && a.l() < 0.95f) {
            return c.s() >= 0.2f && c.l() > 0.1f && c.l() < 0.93f && Hsl.hueDistance(c.h(), a.h()) < 30f;
        }
        return c.s() < 0.2f && Math.abs(c.l() - a.l()) < 0.18f;
    }

    /** The colour moved out of every avoided colour's reach: desaturated if the hue clashes, shifted in lightness if the tone does. */
    static int avoiding(int rgb, List<SceneColour> avoid) {
        Hsl c = Hsl.of(rgb);
        for (int attempt = 0; attempt < 3; attempt++) {
            SceneColour hit = null;
            for (SceneColour a : avoid) {
                if (clashes(c.rgb(), a)) {
                    hit = a;
                    break;
                }
            }
            if (hit == null) {
                return c.rgb();
            }
            Hsl a = Hsl.of(hit.rgb());
            if (a.s() >= 0.2f && c.s() >= 0.2f) {
                c = c.withS(0.12f);
            } else {
                c = c.withL(a.l() > 0.5f ? a.l() - 0.3f : a.l() + 0.3f);
            }
        }
        return c.rgb();
    }

    static int multiply(int a, int b) {
        return PackedPixels.rgb(PackedPixels.red(a) * PackedPixels.red(b) / 255,
                PackedPixels.green(a) * PackedPixels.green(b) / 255, PackedPixels.blue(a) * PackedPixels.blue(b) / 255);
    }
}
