package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Inference timesteps per spacing. For 1000 training and 10 inference steps, Lin et al. (2023,
 * table 2) list linspace 0, 111, ..., 999; leading 1, 101, ..., 901 (steps_offset 1); trailing
 * 99, 199, ..., 999 (here 0-based, highest first).
 */
class TimestepsTest {

    private static double[] ddimTimesteps(String extra, int steps) {
        Scheduler scheduler = new DdimScheduler(SchedulerConfig.parse("{" + extra + "}"));
        scheduler.setTimesteps(steps);
        return scheduler.timesteps();
    }

    @Test
    void linspaceSpansTheWholeRange() {
        assertThat(ddimTimesteps("\"timestep_spacing\": \"linspace\"", 10))
                .containsExactly(999, 888, 777, 666, 555, 444, 333, 222, 111, 0);
    }

    @Test
    void leadingStartsFromZeroPlusOffset() {
        assertThat(ddimTimesteps("\"timestep_spacing\": \"leading\", \"steps_offset\": 1", 10))
                .containsExactly(901, 801, 701, 601, 501, 401, 301, 201, 101, 1);
        assertThat(ddimTimesteps("", 10)).containsExactly(900, 800, 700, 600, 500, 400, 300, 200, 100, 0);
    }

    @Test
    void trailingEndsAtTheLastTrainingStep() {
        assertThat(ddimTimesteps("\"timestep_spacing\": \"trailing\"", 10))
                .containsExactly(999, 899, 799, 699, 599, 499, 399, 299, 199, 99);
        assertThat(ddimTimesteps("\"timestep_spacing\": \"trailing\"", 3)).containsExactly(999, 666, 332);
    }

    @Test
    void eulerKeepsFractionalLinspaceTimesteps() {
        Scheduler euler = new EulerScheduler(SchedulerConfig.defaults());
        euler.setTimesteps(4);
        assertThat(euler.timesteps()).containsExactly(999, 666, 333, 0);
        euler.setTimesteps(7);
        assertThat(euler.timesteps()[1]).isCloseTo(832.5, within(1e-9));
    }

    @Test
    void solversSkipTimestepZeroAndRoundHalfToEven() {
        Scheduler dpm = new DpmSolverMultistepScheduler(SchedulerConfig.defaults());
        dpm.setTimesteps(10);
        // 999 * 5 / 10 = 499.5 rounds to the even 500, as numpy does.
        assertThat(dpm.timesteps()).containsExactly(999, 899, 799, 699, 599, 500, 400, 300, 200, 100);
    }

    @Test
    void twoStageSchedulersEvaluateTwicePerStepButTheLast() {
        Scheduler heun = new HeunScheduler(SchedulerConfig.defaults());
        heun.setTimesteps(4);
        assertThat(heun.order()).isEqualTo(2);
        assertThat(heun.inferenceSteps()).isEqualTo(4);
        assertThat(heun.timesteps()).containsExactly(999, 666, 666, 333, 333, 0, 0);
    }

    @Test
    void initNoiseSigmaDependsOnSpacing() {
        Scheduler linspace = new EulerScheduler(SchedulerConfig.parse("{\"beta_schedule\": \"scaled_linear\","
                + " \"beta_start\": 0.00085, \"beta_end\": 0.012}"));
        Scheduler leading = new EulerScheduler(SchedulerConfig.parse("{\"beta_schedule\": \"scaled_linear\","
                + " \"beta_start\": 0.00085, \"beta_end\": 0.012, \"timestep_spacing\": \"leading\", \"steps_offset\": 1}"));
        linspace.setTimesteps(30);
        leading.setTimesteps(30);
        assertThat(linspace.initNoiseSigma()).isCloseTo(14.6146, within(1e-3));
        // Leading spacing starts at 29 * 33 + 1 = 958; its initial noise is sqrt(sigma^2 + 1) there.
        assertThat(leading.timesteps()[0]).isEqualTo(958);
        double sigma = new NoiseSchedule(SchedulerConfig.parse("{\"beta_schedule\": \"scaled_linear\","
                + " \"beta_start\": 0.00085, \"beta_end\": 0.012}")).sigmaAt(958);
        assertThat(leading.initNoiseSigma()).isCloseTo(Math.sqrt(sigma * sigma + 1), within(1e-9));
        assertThat(new DdimScheduler(SchedulerConfig.defaults()).initNoiseSigma()).isEqualTo(1);
    }

    @Test
    void strengthPicksTheFirstStepLikeTheReferencePipelines() {
        Scheduler euler = new EulerScheduler(SchedulerConfig.defaults());
        euler.setTimesteps(50);
        assertThat(euler.startIndex(1.0)).isZero();
        assertThat(euler.startIndex(0.75)).isEqualTo(13);
        assertThat(euler.startIndex(0.0)).isEqualTo(50);
        Scheduler heun = new HeunScheduler(SchedulerConfig.defaults());
        heun.setTimesteps(50);
        assertThat(heun.startIndex(0.75)).isEqualTo(26);
    }
}
