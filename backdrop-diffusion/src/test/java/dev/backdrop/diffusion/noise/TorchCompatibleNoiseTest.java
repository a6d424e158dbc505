package dev.backdrop.diffusion.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TorchCompatibleNoiseTest {

    @Test
    void mersenneTwisterMatchesTheReferenceOutput() {
        // First outputs of MT19937 seeded with init_genrand(5489), the generator's published test values.
        MersenneTwister twister = new MersenneTwister(5489);
        assertThat(twister.nextUnsignedInt()).isEqualTo(3499211612L);
        assertThat(twister.nextUnsignedInt()).isEqualTo(581869302L);
        assertThat(twister.nextUnsignedInt()).isEqualTo(3890346734L);
    }

    @Test
    void mersenneTwisterMatchesTheReferenceAfterManyTwists() {
        // C++'s std::mt19937 requirement: the 10000th output of the default seed 5489 is 4123659995.
        MersenneTwister twister = new MersenneTwister(5489);
        long value = 0;
        for (int i = 0; i < 10_000; i++) {
            value = twister.nextUnsignedInt();
        }
        assertThat(value).isEqualTo(4123659995L);
    }

    @Test
    void largeDrawsEqualThePlainBlockByBlockTransform() {
        // Large fills spread the Box-Muller blocks over threads; every value must still be the
        // sequential algorithm's, bit for bit.
        int n = 4 * 64 * 64 + 5;
        float[] actual = new TorchCompatibleNoise(77).next(n);

        MersenneTwister bits = new MersenneTwister(77);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = (bits.nextUnsignedInt() & 0xffffff) * (1.0f / (1 << 24));
        }
        for (int i = 0; i + 16 <= n; i += 16) {
            boxMuller(expected, i);
        }
        for (int i = n - 16; i < n; i++) {
            expected[i] = (bits.nextUnsignedInt() & 0xffffff) * (1.0f / (1 << 24));
        }
        boxMuller(expected, n - 16);
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToIntBits(actual[i])).as("value %d", i).isEqualTo(Float.floatToIntBits(expected[i]));
        }
    }

    private static void boxMuller(float[] data, int offset) {
        for (int j = 0; j < 8; j++) {
            float radius = (float) Math.sqrt(-2 * (float) Math.log(1 - data[offset + j]));
            float theta = (float) (2.0 * Math.PI * data[offset + j + 8]);
            data[offset + j] = radius * (float) Math.cos(theta);
            data[offset + j + 8] = radius * (float) Math.sin(theta);
        }
    }

    @Test
    void firstUniformOfSeedZeroIsTorchRand() {
        // torch.manual_seed(0); torch.rand(1) -> 0.4963: the low 24 bits of the first output, over 2^24.
        MersenneTwister twister = new MersenneTwister(0);
        assertThat((twister.nextUnsignedInt() & 0xffffff) / (double) (1 << 24)).isCloseTo(0.4963, within(1e-4));
    }

    @Test
    void shortDrawsMatchTorchRandn() {
        // torch.manual_seed(0); torch.randn(3)
        float[] values = new TorchCompatibleNoise(0).next(3);
        assertThat(values[0]).isCloseTo(1.5410f, within(1e-4f));
        assertThat(values[1]).isCloseTo(-0.2934f, within(1e-4f));
        assertThat(values[2]).isCloseTo(-2.1788f, within(1e-4f));
    }

    @Test
    void sameSeedGivesSameNoiseAndDifferentSeedsDiffer() {
        float[] a = new TorchCompatibleNoise(42).next(4 * 64 * 64);
        float[] b = new TorchCompatibleNoise(42).next(4 * 64 * 64);
        float[] c = new TorchCompatibleNoise(43).next(4 * 64 * 64);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void successiveDrawsContinueTheStream() {
        TorchCompatibleNoise noise = new TorchCompatibleNoise(7);
        float[] first = noise.next(32);
        float[] second = noise.next(32);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void samplesAreStandardNormal() {
        // 16,387 values: blocks of 16 plus the redrawn tail block.
        float[] values = new TorchCompatibleNoise(123).next(16_387);
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double variance = 0;
        int beyondTwoSigma = 0;
        for (float v : values) {
            variance += (v - mean) * (v - mean);
            if (Math.abs(v) > 2) {
                beyondTwoSigma++;
            }
        }
        variance /= values.length - 1;
        assertThat(mean).isCloseTo(0, within(0.03));
        assertThat(variance).isCloseTo(1, within(0.04));
        // 4.55 % of a normal distribution lies beyond two standard deviations.
        assertThat(beyondTwoSigma / (double) values.length).isCloseTo(0.0455, within(0.006));
        assertThat(values).doesNotContain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }

    @Test
    void tailBlockIsRedrawnFromFreshUniforms() {
        // For 20 values the first block of 16 is transformed, then values 4..19 are replaced by a
        // block drawn after all 20 uniforms: values 0..3 match a 16-value draw, the rest do not.
        float[] twenty = new TorchCompatibleNoise(5).next(20);
        float[] sixteen = new TorchCompatibleNoise(5).next(16);
        for (int i = 0; i < 4; i++) {
            assertThat(twenty[i]).isEqualTo(sixteen[i]);
        }
        for (int i = 4; i < 16; i++) {
            assertThat(twenty[i]).isNotEqualTo(sixteen[i]);
        }
    }
}
