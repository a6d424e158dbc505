package dev.backdrop.diffusion.scheduler;

import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absMean;
import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Published results of diffusers' {@code tests/schedulers/test_scheduler_ddim.py}. */
class DdimSchedulerTest {

    private static final String BASE = "\"num_train_timesteps\": 1000, \"beta_start\": 0.0001, \"beta_end\": 0.02,"
            + " \"beta_schedule\": \"linear\", \"clip_sample\": true";

    private static float[] fullLoop(String extra) {
        Scheduler scheduler = new DdimScheduler(ReferenceLoop.config("{" + BASE + extra + "}"));
        return ReferenceLoop.fullLoop(scheduler, 10, false);
    }

    @Test
    void fullLoopWithoutNoise() {
        float[] result = fullLoop("");
        assertThat(absSum(result)).isCloseTo(172.0067, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.223967, within(1e-3));
    }

    @Test
    void fullLoopWithVPrediction() {
        float[] result = fullLoop(", \"prediction_type\": \"v_prediction\"");
        assertThat(absSum(result)).isCloseTo(52.5302, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.0684, within(1e-3));
    }

    @Test
    void fullLoopWithAlphaSetToOne() {
        float[] result = fullLoop(", \"set_alpha_to_one\": true, \"beta_start\": 0.01");
        assertThat(absSum(result)).isCloseTo(149.8295, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.1951, within(1e-3));
    }

    @Test
    void fullLoopWithoutAlphaSetToOne() {
        float[] result = fullLoop(", \"set_alpha_to_one\": false, \"beta_start\": 0.01");
        assertThat(absSum(result)).isCloseTo(149.0784, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.1941, within(1e-3));
    }

    @Test
    void loopFromNoisedSample() {
        Scheduler scheduler = new DdimScheduler(ReferenceLoop.config("{" + BASE + "}"));
        float[] result = ReferenceLoop.noisedLoop(scheduler, 10, 8, false);
        assertThat(absSum(result)).isCloseTo(354.5418, within(1e-2));
        assertThat(absMean(result)).isCloseTo(0.4616, within(1e-3));
    }

    @Test
    void leadingTimestepsWithOffset() {
        Scheduler scheduler = new DdimScheduler(ReferenceLoop.config("{" + BASE + ", \"steps_offset\": 1}"));
        scheduler.setTimesteps(5);
        assertThat(scheduler.timesteps()).containsExactly(801, 601, 401, 201, 1);
    }

    @Test
    void etaOneAddsSeededNoise() {
        Scheduler first = new DdimScheduler(ReferenceLoop.config("{" + BASE + "}"), 1.0);
        Scheduler second = new DdimScheduler(ReferenceLoop.config("{" + BASE + "}"), 1.0);
        float[] a = ReferenceLoop.fullLoop(first, 10, false);
        float[] b = ReferenceLoop.fullLoop(second, 10, false);
        assertThat(a).containsExactly(b);
        assertThat(absSum(a)).isNotCloseTo(172.0067, within(1.0));
    }
}
