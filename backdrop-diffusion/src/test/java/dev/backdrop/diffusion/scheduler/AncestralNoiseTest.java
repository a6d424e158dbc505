package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backdrop.diffusion.noise.TorchCompatibleNoise;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stochastic schedulers' noise: reproducible per seed, different across seeds, and of the
 * right size. With a model that predicts zero noise the deterministic part leaves the latent
 * unchanged, so from zero latents the result is pure injected noise whose variance must be the
 * sum of the ancestral variances {@code up^2 = s_next^2 (s^2 - s_next^2) / s^2} of the steps.
 */
class AncestralNoiseTest {

    private static final SchedulerConfig STABLE_DIFFUSION = SchedulerConfig.parse(
            "{\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"beta_end\": 0.012,"
                    + " \"steps_offset\": 1}");
    private static final int SIZE = 4 * 64 * 64;

    private static float[] runWithZeroModel(Scheduler scheduler, long seed) {
        scheduler.setTimesteps(20);
        TorchCompatibleNoise noise = new TorchCompatibleNoise(seed);
        float[] latents = new float[SIZE];
        float[] zero = new float[SIZE];
        for (int i = 0; i < scheduler.timesteps().length; i++) {
            latents = scheduler.step(zero, i, latents, noise);
        }
        return latents;
    }

    /** The sigma a scheduler scales the model input by at an index, read back through the public API. */
    private static double inputSigma(Scheduler scheduler, int index) {
        double scale = scheduler.scaleModelInput(new float[] {1}, index)[0];
        return Math.sqrt(1 / (scale * scale) - 1);
    }

    private static double variance(float[] values) {
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double sum = 0;
        for (float v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }

    @ParameterizedTest
    @EnumSource(value = SchedulerName.class, names = {"EULER_A", "DPM2_A_KARRAS", "DDPM"})
    void sameSeedSameResultOtherSeedOtherResult(SchedulerName name) {
        float[] first = runWithZeroModel(name.create(STABLE_DIFFUSION), 1234);
        float[] again = runWithZeroModel(name.create(STABLE_DIFFUSION), 1234);
        float[] other = runWithZeroModel(name.create(STABLE_DIFFUSION), 1235);
        assertThat(first).containsExactly(again);
        assertThat(first).isNotEqualTo(other);
    }

    @ParameterizedTest
    @EnumSource(value = SchedulerName.class, names = {"EULER_A", "DPM2_A_KARRAS"})
    void injectedNoiseHasTheAncestralVariance(SchedulerName name) {
        Scheduler scheduler = name.create(STABLE_DIFFUSION);
        float[] result = runWithZeroModel(scheduler, 99);
        int stride = scheduler.order();
        int steps = scheduler.inferenceSteps();
        double expected = 0;
        for (int k = 0; k < steps - 1; k++) {
            double s = inputSigma(scheduler, k * stride);
            double next = inputSigma(scheduler, (k + 1) * stride);
            expected += next * next * (s * s - next * next) / (s * s);
        }
        assertThat(expected).isGreaterThan(1);
        assertThat(variance(result)).isCloseTo(expected, within(expected * 0.05));
    }
}
