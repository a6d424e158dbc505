package dev.backdrop.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Packing and unpacking checked against {@link java.awt.Color} and plain arithmetic on random pixels. */
class PackedPixelsTest {

    private static final int N = 5_000;

    private final SplittableRandom random = new SplittableRandom(20240611L);

    @Test
    void channelsAreThoseColorReads() {
        for (int i = 0; i < N; i++) {
            int p = random.nextInt();
            Color c = new Color(p, true);
            assertThat(new int[] {PackedPixels.alpha(p), PackedPixels.red(p), PackedPixels.green(p), PackedPixels.blue(p)})
                    .as("0x%08x", p).containsExactly(c.getAlpha(), c.getRed(), c.getGreen(), c.getBlue());
            assertThat(new int[] {PackedPixels.channel(p, 0), PackedPixels.channel(p, 1), PackedPixels.channel(p, 2)})
                    .containsExactly(c.getRed(), c.getGreen(), c.getBlue());
        }
    }

    @Test
    void packingGivesWhatColorPacks() {
        for (int i = 0; i < N; i++) {
            int a = random.nextInt(256), r = random.nextInt(256), g = random.nextInt(256), b = random.nextInt(256);
            assertThat(PackedPixels.rgb(r, g, b)).isEqualTo(new Color(r, g, b).getRGB() & 0xFFFFFF);
            // Whatever the top byte of the colour, the alpha given replaces it.
            int junk = random.nextInt(256) << 24;
            assertThat(PackedPixels.argb(a, junk | PackedPixels.rgb(r, g, b))).isEqualTo(new Color(r, g, b, a).getRGB());
            assertThat(PackedPixels.gray(g)).isEqualTo(new Color(g, g, g).getRGB() & 0xFFFFFF);
        }
    }

    @Test
    void clampedRgbRoundsHalfUpAndClamps() {
        for (int i = 0; i < N; i++) {
            // Multiples of 1/1024 keep v + 0.5 exact in a float, so floor(v + 0.5) is the reference.
            float r = level(), g = level(), b = level();
            assertThat(PackedPixels.clampedRgb(r, g, b)).as("%s %s %s", r, g, b)
                    .isEqualTo(new Color(rounded(r), rounded(g), rounded(b)).getRGB() & 0xFFFFFF);
        }
        assertThat(PackedPixels.clampedRgb(254.5f, 0.49f, -3f)).isEqualTo(0xFF0000);
    }

    @Test
    void blendMixesEachChannelByItsWeightRounded() {
        int[] a = randomPixels(), b = randomPixels();
        for (int weight : new int[] {0, 1, 77, 128, 255, 256}) {
            int[] blended = PackedPixels.blend(a, b, weight);
            for (int i = 0; i < N; i++) {
                Color x = new Color(a[i]), y = new Color(b[i]);
                int r = (int) Math.floor((x.getRed() * weight + y.getRed() * (256 - weight)) / 256.0 + 0.5);
                int g = (int) Math.floor((x.getGreen() * weight + y.getGreen() * (256 - weight)) / 256.0 + 0.5);
                int bl = (int) Math.floor((x.getBlue() * weight + y.getBlue() * (256 - weight)) / 256.0 + 0.5);
                assertThat(blended[i]).as("weight %d, pixel %d", weight, i)
                        .isEqualTo(new Color(r, g, bl).getRGB() & 0xFFFFFF);
            }
        }
        assertThat(PackedPixels.blend(a, b, 256)).containsExactly(withoutAlpha(a));
        assertThat(PackedPixels.blend(a, b, 0)).containsExactly(withoutAlpha(b));
    }

    @Test
    void planesHoldEachChannelAsLevelsOrFractions() {
        int[] px = randomPixels();
        float[][] planes = PackedPixels.levelPlanes(px);
        for (int c = 0; c < 3; c++) {
            float[] fractions = PackedPixels.fractions(px, c, new float[px.length]);
            for (int i = 0; i < px.length; i++) {
                Color colour = new Color(px[i]);
                int expected = c == 0 ? colour.getRed() : c == 1 ? colour.getGreen() : colour.getBlue();
                assertThat(planes[c][i]).isEqualTo((float) expected);
                assertThat(fractions[i]).isEqualTo(expected / 255f);
            }
        }
    }

    @Test
    void lumaWeighsRedGreenAndBlueAsRec601() {
        assertThat(PackedPixels.luma(0xFF0000)).isEqualTo(0.299 * 255);
        assertThat(PackedPixels.luma(0x00FF00)).isEqualTo(0.587 * 255);
        assertThat(PackedPixels.luma(0x0000FF)).isEqualTo(0.114 * 255);
        for (int i = 0; i < N; i++) {
            int p = random.nextInt();
            Color c = new Color(p);
            assertThat(PackedPixels.luma(p)).isEqualTo(0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue());
        }
    }

    private float level() {
        return (random.nextInt(-10 * 1024, 270 * 1024)) / 1024f;
    }

    private static int rounded(float v) {
        return (int) Math.max(0, Math.min(255, Math.floor(v + 0.5)));
    }

    private int[] randomPixels() {
        int[] px = new int[N];
        for (int i = 0; i < N; i++) {
            px[i] = random.nextInt();
        }
        return px;
    }

    private static int[] withoutAlpha(int[] px) {
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = px[i] & 0xFFFFFF;
        }
        return out;
    }
}
