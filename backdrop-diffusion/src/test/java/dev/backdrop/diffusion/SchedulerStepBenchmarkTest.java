package dev.backdrop.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.diffusion.scheduler.SchedulerName;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SchedulerStepBenchmarkTest {

    @Test
    void timesEveryRoundOfAnAncestralStep() {
        SchedulerStepBenchmark.Timing timing = SchedulerStepBenchmark.time(SchedulerName.EULER_A, 30);

        assertThat(Arrays.stream(timing.roundMicros()).boxed())
                .hasSize(5).allSatisfy(micros -> assertThat(micros).isPositive().isFinite());
        assertThat(timing.median()).isBetween(Arrays.stream(timing.roundMicros()).min().orElseThrow(),
                Arrays.stream(timing.roundMicros()).max().orElseThrow());
        assertThat(timing.toText()).startsWith("Euler a step, 16384 latents: ").contains("30 calls each");
    }
}
