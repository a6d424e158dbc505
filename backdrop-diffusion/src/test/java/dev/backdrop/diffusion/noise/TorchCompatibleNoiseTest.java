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
