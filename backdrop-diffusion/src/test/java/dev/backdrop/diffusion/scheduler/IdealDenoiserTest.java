package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.noise.TorchCompatibleNoise;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every deterministic scheduler, driven by the ideal noise predictor for a single clean latent
 * {@code x0}, must bring {@code x0 + noise} back to {@code x0}: on that data the noise direction
 * never changes, so a model that always answers "the noise is n" is exact. Runs use the real
 * pipeline loop (unscaled latents to {@code step}) on Stable Diffusion 1.x's scheduler config.
 */
class IdealDenoiserTest {

    private static final SchedulerConfig STABLE_DIFFUSION = SchedulerConfig.parse("""
            {"_class_name": "PNDMScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
             "beta_start": 0.00085, "num_train_timesteps": 1000, "set_alpha_to_one": false,
             "skip_prk_steps": true, "steps_offset": 1, "trained_betas": null, "clip_sample": false}
            """);
    private static final int SIZE = 4 * 16 * 16;

    private static float[] run(Scheduler scheduler, int steps, double strength, float[] clean, float[] noise) {
        scheduler.setTimesteps(steps);
        int start = scheduler.startIndex(strength);
        float[] latents = scheduler.addNoise(clean, noise, start);
        NoiseSource unused = new TorchCompatibleNoise(0);
        double[] timesteps = scheduler.timesteps();
        for (int i = start; i < timesteps.length; i++) {
            float[] input = scheduler.scaleModelInput(latents, i);
            assertThat(input).hasSize(SIZE);
            latents = scheduler.step(noise, i, latents, unused);
        }
        return latents;
    }

    private static double maxError(float[] actual, float[] expected) {
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }

    @ParameterizedTest
    @EnumSource(value = SchedulerName.class, names = {"EULER_A", "DPM2_A_KARRAS", "DDPM"}, mode = EnumSource.Mode.EXCLUDE)
    void recoversTheCleanLatentFromPureNoiseAndHalfway(SchedulerName name) {
        float[] clean = new TorchCompatibleNoise(1).next(SIZE);
        float[] noise = new TorchCompatibleNoise(2).next(SIZE);
        // DDIM and PNDM end at timestep 0 (alphaBar 0.99915 here), not at zero noise.
        double tolerance = name == SchedulerName.DDIM || name == SchedulerName.PNDM ? 0.15 : 2e-3;
        for (double strength : new double[] {1.0, 0.5}) {
            float[] result = run(name.create(STABLE_DIFFUSION), 20, strength, clean, noise);
            assertThat(maxError(result, clean)).as("%s at strength %s", name, strength).isLessThan(tolerance);
        }
    }
}
