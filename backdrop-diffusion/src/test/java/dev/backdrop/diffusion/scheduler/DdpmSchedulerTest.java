package dev.backdrop.diffusion.scheduler;

import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absMean;
import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Published results of diffusers' {@code tests/schedulers/test_scheduler_ddpm.py}: all 1000
 * training steps, with the posterior noise drawn from {@code torch.manual_seed(0)}, which
 * {@link dev.backdrop.diffusion.noise.TorchCompatibleNoise} reproduces.
 */
class DdpmSchedulerTest {

    private static final String BASE = "\"num_train_timesteps\": 1000, \"beta_start\": 0.0001, \"beta_end\": 0.02,"
            + " \"beta_schedule\": \"linear\", \"variance_type\": \"fixed_small\", \"clip_sample\": true";

    @Test
    void fullLoopOverAllTrainingSteps() {
        float[] result = ReferenceLoop.fullLoop(new DdpmScheduler(ReferenceLoop.config("{" + BASE + "}")), 1000, false);
        assertThat(absSum(result)).isCloseTo(258.9606, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.3372, within(1e-3));
    }

    @Test
    void fullLoopWithVPrediction() {
        Scheduler scheduler = new DdpmScheduler(
                ReferenceLoop.config("{" + BASE + ", \"prediction_type\": \"v_prediction\"}"));
        float[] result = ReferenceLoop.fullLoop(scheduler, 1000, false);
        assertThat(absSum(result)).isCloseTo(202.0296, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.2631, within(1e-3));
    }

    @Test
    void loopFromNoisedSample() {
        Scheduler scheduler = new DdpmScheduler(ReferenceLoop.config("{" + BASE + "}"));
        float[] result = ReferenceLoop.noisedLoop(scheduler, 1000, 998, false);
        assertThat(absSum(result)).isCloseTo(387.9466, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.5051, within(1e-3));
    }

    @Test
    void lastStepAddsNoNoise() {
        Scheduler scheduler = new DdpmScheduler(ReferenceLoop.config("{" + BASE + "}"));
        scheduler.setTimesteps(10);
        float[] sample = ReferenceLoop.sample();
        float[] output = ReferenceLoop.model(sample, 0);
        float[] a = scheduler.step(output, 9, sample, new dev.backdrop.diffusion.noise.TorchCompatibleNoise(1));
        float[] b = scheduler.step(output, 9, sample, new dev.backdrop.diffusion.noise.TorchCompatibleNoise(2));
        assertThat(a).containsExactly(b);
    }
}
