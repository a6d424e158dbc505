package dev.backdrop.diffusion.scheduler;

import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absMean;
import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Published results of diffusers' tests for the Karras-style schedulers ({@code
 * test_scheduler_euler.py}, {@code _euler_ancestral}, {@code _heun}, {@code _lms}, {@code
 * _kdpm2_discrete}, {@code _kdpm2_ancestral}): 1100 training steps, 10 inference steps, the
 * sample scaled by the initial noise sigma. The large "with noise" sums are printed with four
 * decimals for values near 10^5, so they are compared relatively (1e-6).
 */
class SigmaSchedulersTest {

    private static final String BASE = "\"num_train_timesteps\": 1100, \"beta_start\": 0.0001, \"beta_end\": 0.02,"
            + " \"beta_schedule\": \"linear\"";

    private static float[] fullLoop(Function<SchedulerConfig, Scheduler> factory, String extra) {
        return ReferenceLoop.fullLoop(factory.apply(ReferenceLoop.config("{" + BASE + extra + "}")), 10, true);
    }

    private static float[] noisedLoop(Function<SchedulerConfig, Scheduler> factory, int order) {
        Scheduler scheduler = factory.apply(ReferenceLoop.config("{" + BASE + "}"));
        return ReferenceLoop.noisedLoop(scheduler, 10, 8 * order, true);
    }

    private static void assertLarge(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * 1e-6));
    }

    @Nested
    class Euler {
        @Test
        void fullLoop() {
            float[] result = SigmaSchedulersTest.fullLoop(EulerScheduler::new, "");
            assertThat(absSum(result)).isCloseTo(10.0807, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.0131, within(1e-3));
        }

        @Test
        void fullLoopWithVPrediction() {
            float[] result = SigmaSchedulersTest.fullLoop(EulerScheduler::new, ", \"prediction_type\": \"v_prediction\"");
            assertThat(absSum(result)).isCloseTo(0.0002, within(1e-2));
            assertThat(absMean(result)).isCloseTo(2.2676e-06, within(1e-3));
        }

        @Test
        void fullLoopWithKarrasSigmas() {
            float[] result = SigmaSchedulersTest.fullLoop(EulerScheduler::new, ", \"use_karras_sigmas\": true");
            assertThat(absSum(result)).isCloseTo(124.52299499511719, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.16213932633399963, within(1e-3));
        }

        @Test
        void loopFromNoisedSample() {
            float[] result = noisedLoop(EulerScheduler::new, 1);
            assertLarge(absSum(result), 57062.9297);
            assertThat(absMean(result)).isCloseTo(74.3007, within(1e-3));
        }
    }

    @Nested
    class EulerAncestral {
        @Test
        void fullLoopWithSeededNoise() {
            float[] result = SigmaSchedulersTest.fullLoop(EulerAncestralScheduler::new, "");
            assertThat(absSum(result)).isCloseTo(152.3192, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.1983, within(1e-3));
        }

        @Test
        void fullLoopWithVPrediction() {
            float[] result = SigmaSchedulersTest.fullLoop(EulerAncestralScheduler::new,
                    ", \"prediction_type\": \"v_prediction\"");
            assertThat(absSum(result)).isCloseTo(108.4439, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.1412, within(1e-3));
        }

        @Test
        void loopFromNoisedSample() {
            float[] result = noisedLoop(EulerAncestralScheduler::new, 1);
            assertLarge(absSum(result), 56163.0508);
            assertThat(absMean(result)).isCloseTo(73.1290, within(1e-3));
        }
    }

    @Nested
    class Heun {
        @Test
        void fullLoop() {
            float[] result = SigmaSchedulersTest.fullLoop(HeunScheduler::new, "");
            assertThat(absSum(result)).isCloseTo(0.1233, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.0002, within(1e-3));
        }

        @Test
        void fullLoopWithVPrediction() {
            float[] result = SigmaSchedulersTest.fullLoop(HeunScheduler::new, ", \"prediction_type\": \"v_prediction\"");
            assertThat(absSum(result)).isCloseTo(4.6934e-07, within(1e-2));
            assertThat(absMean(result)).isCloseTo(6.1112e-10, within(1e-3));
        }

        @Test
        void fullLoopWithKarrasSigmas() {
            float[] result = SigmaSchedulersTest.fullLoop(HeunScheduler::new, ", \"use_karras_sigmas\": true");
            assertThat(absSum(result)).isCloseTo(0.00015, within(1e-2));
            assertThat(absMean(result)).isCloseTo(1.9869554535034695e-07, within(1e-2));
        }

        @Test
        void loopFromNoisedSample() {
            float[] result = noisedLoop(HeunScheduler::new, 2);
            assertLarge(absSum(result), 75074.8906);
            assertThat(absMean(result)).isCloseTo(97.7538, within(1e-3));
        }
    }

    @Nested
    class Lms {
        @Test
        void fullLoop() {
            float[] result = SigmaSchedulersTest.fullLoop(LmsScheduler::new, "");
            assertThat(absSum(result)).isCloseTo(1006.388, within(1e-2));
            assertThat(absMean(result)).isCloseTo(1.31, within(1e-3));
        }

        @Test
        void fullLoopWithVPrediction() {
            float[] result = SigmaSchedulersTest.fullLoop(LmsScheduler::new, ", \"prediction_type\": \"v_prediction\"");
            assertThat(absSum(result)).isCloseTo(0.0017, within(1e-2));
            assertThat(absMean(result)).isCloseTo(2.2676e-06, within(1e-3));
        }

        @Test
        void fullLoopWithKarrasSigmas() {
            float[] result = SigmaSchedulersTest.fullLoop(LmsScheduler::new, ", \"use_karras_sigmas\": true");
            assertThat(absSum(result)).isCloseTo(3812.9927, within(2e-2));
            assertThat(absMean(result)).isCloseTo(4.9648, within(1e-3));
        }

        /**
         * Deliberately unlike the reference (27663.6895): started mid-run, the reference already
         * weights its single slope with a fourth-order coefficient meant for four; here the order
         * grows with the slopes gathered, so the first step is an Euler step.
         */
        @Test
        void runStartedMidwayBeginsWithAnEulerStep() {
            SchedulerConfig config = ReferenceLoop.config("{" + BASE + "}");
            Scheduler lms = new LmsScheduler(config);
            Scheduler euler = new EulerScheduler(config);
            lms.setTimesteps(10);
            euler.setTimesteps(10);
            float[] sample = lms.addNoise(ReferenceLoop.sample(), ReferenceLoop.noise(), 8);
            float[] input = lms.scaleModelInput(sample, 8);
            float[] output = ReferenceLoop.model(input, lms.timesteps()[8]);
            assertThat(lms.step(output, 8, input, null)).containsExactly(euler.step(output, 8, input, null));
        }

        @Test
        void fullRunUsesHigherOrdersThanEuler() {
            float[] lms = SigmaSchedulersTest.fullLoop(LmsScheduler::new, "");
            float[] euler = SigmaSchedulersTest.fullLoop(EulerScheduler::new, "");
            assertThat(absSum(lms)).isNotCloseTo(absSum(euler), within(1.0));
        }
    }

    @Nested
    class KDpm2 {
        @Test
        void fullLoop() {
            float[] result = SigmaSchedulersTest.fullLoop(KDpm2Scheduler::new, "");
            assertThat(absSum(result)).isCloseTo(20.4125, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.0266, within(1e-3));
        }

        @Test
        void fullLoopWithVPrediction() {
            float[] result = SigmaSchedulersTest.fullLoop(KDpm2Scheduler::new, ", \"prediction_type\": \"v_prediction\"");
            assertThat(absSum(result)).isCloseTo(4.6934e-07, within(1e-2));
            assertThat(absMean(result)).isCloseTo(6.1112e-10, within(1e-3));
        }

        @Test
        void loopFromNoisedSample() {
            float[] result = noisedLoop(KDpm2Scheduler::new, 2);
            assertLarge(absSum(result), 70408.4062);
            assertThat(absMean(result)).isCloseTo(91.6776, within(1e-3));
        }
    }

    @Nested
    class KDpm2Ancestral {
        @Test
        void fullLoopWithSeededNoise() {
            float[] result = SigmaSchedulersTest.fullLoop(KDpm2Scheduler::ancestral, "");
            // The reference checks this sum within 1e-2 on one path and 1e-1 on another; float32
            // summation of 768 values near 18 leaves about 1e-2 of rounding.
            assertThat(absSum(result)).isCloseTo(13979.9433, within(1e-1));
            assertThat(absMean(result)).isCloseTo(18.2030, within(5e-3));
        }

        @Test
        void fullLoopWithVPrediction() {
            float[] result = SigmaSchedulersTest.fullLoop(KDpm2Scheduler::ancestral,
                    ", \"prediction_type\": \"v_prediction\"");
            assertThat(absSum(result)).isCloseTo(331.8133, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.4320, within(1e-3));
        }

        @Test
        void loopFromNoisedSample() {
            float[] result = noisedLoop(KDpm2Scheduler::ancestral, 2);
            assertLarge(absSum(result), 93087.3437);
            assertThat(absMean(result)).isCloseTo(121.2074, within(5e-3));
        }
    }
}
