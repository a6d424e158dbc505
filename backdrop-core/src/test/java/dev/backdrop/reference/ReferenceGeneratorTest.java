package dev.backdrop.reference;

import dev.backdrop.background.BackgroundParameters;
import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.InvalidBackgroundRequestException;
import dev.backdrop.background.Subject;
import dev.backdrop.image.RgbImage;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.testing.Bottle;
import dev.backdrop.testing.Photos;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class ReferenceGeneratorTest {

    private final SceneGenerator scenes = new SceneGenerator();
    private final ReferenceGenerator generator = new ReferenceGenerator(scenes);
    private final Subject bottle = Bottle.on(320, 320);
    private final RgbImage cat = Photos.read("chelsea.png");

    @Test
    void referenceAloneKeepsTheReferencesColourStatistics() {
        RgbImage out = generator.build(request(1.0)).background();
        double[] ref = stats(cat), got = stats(out);
        for (int c = 0; c < 3; c++) {
            assertThat(got[c]).as("mean of channel %d", c).isCloseTo(ref[c], offset(12.0));
            assertThat(got[3 + c]).as("spread of channel %d", c).isCloseTo(ref[3 + c], offset(ref[3 + c] * 0.3));
        }
    }

    @Test
    void weightZeroIgnoresTheReference() {
        BackgroundRequest r = request(0.0);
        assertThat(generator.build(r).background().pixels()).isEqualTo(scenes.build(r).background().pixels());
    }

    @Test
    void weightBlendsReferenceAndPromptedScene() {
        RgbImage ref = generator.build(request(1.0)).background();
        RgbImage prompted = generator.build(request(0.0)).background();
        RgbImage half = generator.build(request(0.5)).background();
        int i = 20 * 320 + 20;
        int expected = (((ref.pixels()[i] >> 8) & 0xFF) + ((prompted.pixels()[i] >> 8) & 0xFF)) / 2;
        assertThat((half.pixels()[i] >> 8) & 0xFF).isCloseTo(expected, offset(2));
    }

    @Test
    void strengthZeroKeepsTheOriginalBackground() {
        BackgroundRequest r = request(1.0).withParameters(new BackgroundParameters(0.0, 1.0, 7.5, 25));
        assertThat(generator.build(r).background().pixels()).isEqualTo(bottle.image().pixels());
    }

    @Test
    void aMissingReferenceIsAClearError() {
        assertThatThrownBy(() -> generator.build(BackgroundRequest.of(bottle, "", "", 1)))
                .isInstanceOf(InvalidBackgroundRequestException.class)
                .hasMessageContaining("reference image");
    }

    @Test
    void findsTheHorizonOfASimpleTwoToneImage() {
        int[] px = new int[200 * 100];
        for (int i = 0; i < px.length; i++) px[i] = i / 200 < 70 ? 0xe0e0e0 : 0x604020;
        assertThat(ReferenceHorizon.estimate(new RgbImage(200, 100, px))).isCloseTo(0.7, offset(0.03));
    }

    private BackgroundRequest request(double weight) {
        return new BackgroundRequest(bottle, 320, 320, "marble table", "", cat,
                BackgroundParameters.DEFAULT.withIpAdapterWeight(weight), 8);
    }

    /** Mean and standard deviation of each channel. */
    private static double[] stats(RgbImage img) {
        double[] s = new double[3], ss = new double[3];
        for (int p : img.pixels()) {
            for (int c = 0; c < 3; c++) {
                int v = (p >> (16 - 8 * c)) & 0xFF;
                s[c] += v;
                ss[c] += (double) v * v;
            }
        }
        int n = img.pixels().length;
        double[] out = new double[6];
        for (int c = 0; c < 3; c++) {
            out[c] = s[c] / n;
            out[3 + c] = Math.sqrt(ss[c] / n - out[c] * out[c]);
        }
        return out;
    }
}
