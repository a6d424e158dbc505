package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every scheduler copes with any step count from 1 to the number of training steps. */
class StepCountTest {

    private static final SchedulerConfig STABLE_DIFFUSION = SchedulerConfig.parse(
            "{\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"beta_end\": 0.012,"
                    + " \"steps_offset\": 1, \"skip_prk_steps\": true, \"set_alpha_to_one\": false}");

    @ParameterizedTest
    @EnumSource(SchedulerName.class)
    void anyStepCountGivesValidTimestepsAndFiniteLatents(SchedulerName name) {
        for (int steps : new int[] {1, 2, 3, 4, 5, 7, 25, 150, 1000}) {
            SchedulerConfig[] configs = steps > 150
                    ? new SchedulerConfig[] {STABLE_DIFFUSION}
                    : new SchedulerConfig[] {STABLE_DIFFUSION, SchedulerConfig.defaults()};
            for (SchedulerConfig config : configs) {
                Scheduler scheduler = name.create(config);
                scheduler.setTimesteps(steps);
                // The solvers drop timesteps that rounding repeats (from about 500 steps on).
                assertThat(scheduler.inferenceSteps()).as("%s %d", name, steps)
                        .isBetween(Math.min(steps, 500), steps);
                assertThat(java.util.Arrays.stream(scheduler.timesteps())).as("%s %d", name, steps)
                        .allSatisfy(t -> assertThat(t).isBetween(0.0, 1000.0));
                float[] result = ReferenceLoop.fullLoop(scheduler, steps, true);
                assertThat(result).as("%s with %d steps", name, steps)
                        .doesNotContain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
            }
        }
    }
}
