package dev.backdrop.scene;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.image.RgbImage;
import dev.backdrop.testing.Bottle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class SceneGeneratorTest {

    private static final String WOOD_PROMPT = "a professional photo of an object on a table made of dark Wood, "
            + "dark wood countertop, hd dark Wood wallpaper, award winning photography";

    private final SceneGenerator generator = new SceneGenerator();
    private final Subject bottle = Bottle.on(320, 320);

    @Test
    void sameSeedGivesSamePixelsAndAnotherSeedDifferentOnes() {
        RgbImage a = generator.build(BackgroundRequest.of(bottle, WOOD_PROMPT, "yellow wall", 11)).background();
        RgbImage b = generator.build(BackgroundRequest.of(bottle, WOOD_PROMPT, "yellow wall", 11)).background();
        RgbImage c = generator.build(BackgroundRequest.of(bottle, WOOD_PROMPT, "yellow wall", 12)).background();
        assertThat(a.pixels()).isEqualTo(b.pixels());
        assertThat(differingShare(a, c)).isGreaterThan(0.5);
    }

    @Test
    void darkWoodPromptGivesDarkWoodSurfaceAndNoYellowWall() {
        Scene scene = generator.build(BackgroundRequest.of(bottle, WOOD_PROMPT, "yellow wall", 3));
        RgbImage img = scene.background();
        int horizon = Math.round(scene.layout().horizonY());
        double[] surface = meanHsl(img, horizon + 4, img.height());
        // Brown: orange-ish hue, dark.
        assertThat(surface[0]).isBetween(10.0, 45.0);
        assertThat(surface[2]).isLessThan(0.35);
        assertThat(hueShare(img, 0, horizon - 4, 45, 70)).isLessThan(0.01);
        assertThat(scene.description().surface()).isEqualTo(Material.DARK_WOOD);
    }

    @Test
    void colourNamedInTheNegativePromptDoesNotDominateTheBackdrop() {
        String prompt = "bright yellow wall, wooden table";
        Scene wanted = generator.build(BackgroundRequest.of(bottle, prompt, "", 5));
        Scene avoided = generator.build(BackgroundRequest.of(bottle, prompt, "yellow", 5));
        int hw = Math.round(wanted.layout().horizonY()), ha = Math.round(avoided.layout().horizonY());
        // Without the negative prompt the wall is yellow, so the measure can tell.
        assertThat(hueShare(wanted.background(), 0, hw - 4, 45, 70)).isGreaterThan(0.5);
        assertThat(hueShare(avoided.background(), 0, ha - 4, 45, 70)).isLessThan(0.02);
    }

    @ParameterizedTest
    @EnumSource(Backdrop.class)
    void everyBackdropRendersAVariedImageAtTheCanvasSize(Backdrop backdrop) {
        String prompt = backdrop.label() + " " + backdrop.usualSurface().label();
        Scene scene = generator.build(BackgroundRequest.of(bottle, prompt, "", 1));
        assertThat(scene.description().backdrop()).isEqualTo(backdrop);
        RgbImage img = scene.background();
        assertThat(img.width()).isEqualTo(320);
        assertThat(lumaStdDev(img)).isGreaterThan(2.0);
    }

    @ParameterizedTest
    @EnumSource(Material.class)
    void everySurfaceShowsAPatternBelowTheHorizon(Material material) {
        Scene scene = generator.build(BackgroundRequest.of(bottle, material.label() + " table, wall", "", 2));
        RgbImage img = scene.background();
        int horizon = Math.round(scene.layout().horizonY());
        double[] surface = meanHsl(img, horizon + 4, img.height());
        double[] tone = meanHsl(new RgbImage(1, 1, new int[]{material.lightTone()}), 0, 1);
        // The surface reads as the material's colour family (lightness within reach of its tones).
        assertThat(Math.abs(surface[2] - tone[2])).isLessThan(0.35);
        assertThat(lumaStdDev(img)).isGreaterThan(1.0);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "black velvet, dramatic light | 4.0",
            "black marble | 4.0",
            "on a rock in the jungle | 6.0",
            "dark wood table | 3.0"})
    void darkSurfacesStillShowTheirPattern(String prompt, double minimumSpread) {
        for (long seed = 1; seed <= 3; seed++) {
            Scene scene = generator.build(BackgroundRequest.of(bottle, prompt, "", seed));
            int horizon = Math.round(scene.layout().horizonY());
            // Only the columns beside the product: its shadow would count as pattern.
            RgbImage img = scene.background();
            assertThat(lumaStdDev(img, horizon + 6, img.height(), 0, bottle.box().x() - 20))
                    .as("luma spread of the surface, seed %d", seed).isGreaterThan(minimumSpread);
        }
    }

    @Test
    void rockInTheJungleIsMossyNotGrey() {
        Scene scene = generator.build(BackgroundRequest.of(bottle, "on a rock in the jungle", "", 2));
        assertThat(scene.description().surface()).isEqualTo(Material.STONE);
        double[] surface = meanHsl(scene.background(), Math.round(scene.layout().horizonY()) + 4, 320);
        assertThat(surface[0]).isBetween(60.0, 150.0);
        assertThat(surface[1]).isGreaterThan(0.05);
    }

    @Test
    void horizonSitsAboveTheProductsFoot() {
        Scene scene = generator.build(BackgroundRequest.of(bottle, "oak table", "", 9));
        assertThat(scene.layout().horizonY()).isLessThan(bottle.box().bottom())
                .isGreaterThan(bottle.box().y());
        assertThat(scene.layout().baseY()).isCloseTo(bottle.box().bottom(), org.assertj.core.data.Offset.offset(4f));
    }

    @Test
    void strengthBelowOneKeepsAShareOfTheOriginalBackground() {
        BackgroundRequest r = BackgroundRequest.of(bottle, "dark wood", "", 4);
        RgbImage none = generator.build(r.withParameters(BackgroundParameters.DEFAULT.withStrength(0))).background();
        RgbImage half = generator.build(r.withParameters(BackgroundParameters.DEFAULT.withStrength(0.5))).background();
        RgbImage full = generator.build(r).background();
        assertThat(none.pixels()).isEqualTo(bottle.image().pixels());
        int corner = 5 * 320 + 5;
        int expected = ((full.pixels()[corner] >> 8) & 0xFF) / 2 + ((Bottle.PHOTO_BACKGROUND >> 8) & 0xFF) / 2;
        assertThat((half.pixels()[corner] >> 8) & 0xFF).isCloseTo(expected, org.assertj.core.data.Offset.offset(2));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, 1", "7, 3", "33, 17", "640, 360", "200, 900"})
    void rendersAndComposesOddCanvasSizes(int w, int h) {
        Subject s = Bottle.on(w, h);
        for (String prompt : new String[]{"studio", "oak table, window light", "beach", "neon city, glass"}) {
            Scene scene = generator.build(BackgroundRequest.of(s, prompt, "", 1));
            assertThat(scene.background().width()).isEqualTo(w);
            assertThat(scene.background().height()).isEqualTo(h);
            var c = new dev.backdrop.compose.Compositor().compose(s, scene.background(), scene.layout(),
                    dev.backdrop.compose.CompositionOptions.DEFAULT.withLayers(true));
            assertThat(c.image().pixels()).hasSize(w * h);
        }
    }

    static double differingShare(RgbImage a, RgbImage b) {
        int n = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            if (a.pixels()[i] != b.pixels()[i]) n++;
        }
        return (double) n / a.pixels().length;
    }

    /** Share of pixels in rows [y0, y1) whose hue lies in [from, to] degrees and that are clearly coloured. */
    static double hueShare(RgbImage img, int y0, int y1, float from, float to) {
        int n = 0, hit = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.height(), y1); y++) {
            for (int x = 0; x < img.width(); x++) {
                Hsl c = Hsl.of(img.rgb(x, y));
                n++;
                if (c.s() > 0.3f && c.l() > 0.15f && c.l() < 0.9f && c.h() >= from && c.h() <= to) hit++;
            }
        }
        return n == 0 ? 0 : (double) hit / n;
    }

    static double[] meanHsl(RgbImage img, int y0, int y1) {
        long r = 0, g = 0, b = 0, n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.height(), y1); y++) {
            for (int x = 0; x < img.width(); x++) {
                int p = img.rgb(x, y);
                r += (p >> 16) & 0xFF;
                g += (p >> 8) & 0xFF;
                b += p & 0xFF;
                n++;
            }
        }
        int mean = (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
        Hsl c = Hsl.of(mean);
        return new double[]{c.h(), c.s(), c.l()};
    }

    static double lumaStdDev(RgbImage img) {
        return lumaStdDev(img, 0, img.height(), 0, img.width());
    }

    /** Standard deviation of luma over rows {@code [y0, y1)} and columns {@code [x0, x1)}. */
    static double lumaStdDev(RgbImage img, int y0, int y1, int x0, int x1) {
        double s = 0, ss = 0;
        int[] px = img.pixels();
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = px[y * img.width() + x];
                double l = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
                s += l;
                ss += l * l;
                n++;
            }
        }
        double m = s / n;
        return Math.sqrt(Math.max(0, ss / n - m * m));
    }
}
