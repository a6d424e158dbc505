package dev.backdrop.diffusion.scheduler;

import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absMean;
import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Published results of diffusers' {@code tests/schedulers/test_scheduler_pndm.py} (Runge-Kutta warm-up on). */
class PndmSchedulerTest {

    private static final String BASE = "\"num_train_timesteps\": 1000, \"beta_start\": 0.0001, \"beta_end\": 0.02,"
            + " \"beta_schedule\": \"linear\"";

    private static float[] fullLoop(String extra) {
        return ReferenceLoop.fullLoop(new PndmScheduler(ReferenceLoop.config("{" + BASE + extra + "}")), 10, false);
    }

    @Test
    void fullLoopWithRungeKuttaWarmUp() {
        float[] result = fullLoop("");
        assertThat(absSum(result)).isCloseTo(198.1318, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.2580, within(1e-3));
    }

    @Test
    void fullLoopWithVPrediction() {
        float[] result = fullLoop(", \"prediction_type\": \"v_prediction\"");
        assertThat(absSum(result)).isCloseTo(67.3986, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.0878, within(1e-3));
    }

    @Test
    void fullLoopWithAlphaSetToOne() {
        float[] result = fullLoop(", \"set_alpha_to_one\": true, \"beta_start\": 0.01");
        assertThat(absSum(result)).isCloseTo(230.0399, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.2995, within(1e-3));
    }

    @Test
    void fullLoopWithoutAlphaSetToOne() {
        float[] result = fullLoop(", \"set_alpha_to_one\": false, \"beta_start\": 0.01");
        assertThat(absSum(result)).isCloseTo(186.9482, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.2434, within(1e-3));
    }

    @Test
    void rungeKuttaTimestepsWithOffset() {
        Scheduler scheduler = new PndmScheduler(ReferenceLoop.config("{" + BASE + ", \"steps_offset\": 1}"));
        scheduler.setTimesteps(10);
        assertThat(scheduler.timesteps()).containsExactly(
                901, 851, 851, 801, 801, 751, 751, 701, 701, 651, 651, 601, 601, 501, 401, 301, 201, 101, 1);
    }

    @Test
    void stableDiffusionTimestepsSkipRungeKutta() {
        // The scheduler config shipped with Stable Diffusion 1.x.
        Scheduler scheduler = new PndmScheduler(ReferenceLoop.config("""
                {"_class_name": "PNDMScheduler", "_diffusers_version": "0.6.0", "beta_end": 0.012,
                 "beta_schedule": "scaled_linear", "beta_start": 0.00085, "num_train_timesteps": 1000,
                 "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1, "trained_betas": null,
                 "clip_sample": false}
                """));
        scheduler.setTimesteps(5);
        assertThat(scheduler.timesteps()).containsExactly(801, 601, 601, 401, 201, 1);
        float[] result = ReferenceLoop.fullLoop(scheduler, 5, false);
        assertThat(result).doesNotContain(Float.NaN);
    }
}
