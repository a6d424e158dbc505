package dev.backdrop.diffusion.scheduler;

import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absMean;
import static dev.backdrop.diffusion.scheduler.ReferenceLoop.absSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Published results of diffusers' {@code test_scheduler_dpm_multi.py}, {@code _dpm_single} and
 * {@code _unipc}: 1000 training steps, 10 inference steps, unscaled sample, each with the config
 * of its test.
 */
class SolverSchedulersTest {

    private static final String DPM = "\"num_train_timesteps\": 1000, \"beta_start\": 0.0001, \"beta_end\": 0.02,"
            + " \"beta_schedule\": \"linear\", \"solver_order\": 2, \"prediction_type\": \"epsilon\","
            + " \"thresholding\": false, \"sample_max_value\": 1.0, \"algorithm_type\": \"dpmsolver++\","
            + " \"solver_type\": \"midpoint\", \"lambda_min_clipped\": \"-inf\", \"variance_type\": null,"
            + " \"final_sigmas_type\": \"sigma_min\"";
    private static final String DPM_MULTI = DPM + ", \"lower_order_final\": false, \"euler_at_final\": false";
    private static final String UNIPC = "\"num_train_timesteps\": 1000, \"beta_start\": 0.0001, \"beta_end\": 0.02,"
            + " \"beta_schedule\": \"linear\", \"solver_order\": 2, \"solver_type\": \"bh2\","
            + " \"final_sigmas_type\": \"sigma_min\"";

    private static float[] fullLoop(Function<SchedulerConfig, Scheduler> factory, String base, String extra) {
        return ReferenceLoop.fullLoop(factory.apply(ReferenceLoop.config("{" + base + extra + "}")), 10, false);
    }

    private static float[] noisedLoop(Function<SchedulerConfig, Scheduler> factory, String base, int start) {
        return ReferenceLoop.noisedLoop(factory.apply(ReferenceLoop.config("{" + base + "}")), 10, start, false);
    }

    @Nested
    class DpmMultistep {
        @Test
        void fullLoop() {
            float[] result = SolverSchedulersTest.fullLoop(DpmSolverMultistepScheduler::new, DPM_MULTI, "");
            assertThat(absMean(result)).isCloseTo(0.3301, within(1e-3));
        }

        @Test
        void fullLoopWithVPrediction() {
            float[] result = SolverSchedulersTest.fullLoop(DpmSolverMultistepScheduler::new, DPM_MULTI,
                    ", \"prediction_type\": \"v_prediction\"");
            assertThat(absMean(result)).isCloseTo(0.2251, within(1e-3));
        }

        @Test
        void fullLoopWithKarrasSigmasAndVPrediction() {
            float[] result = SolverSchedulersTest.fullLoop(DpmSolverMultistepScheduler::new, DPM_MULTI,
                    ", \"prediction_type\": \"v_prediction\", \"use_karras_sigmas\": true");
            assertThat(absMean(result)).isCloseTo(0.2096, within(1e-3));
        }

        @Test
        void loopFromNoisedSample() {
            float[] result = noisedLoop(DpmSolverMultistepScheduler::new, DPM_MULTI, 5);
            assertThat(absSum(result)).isCloseTo(318.4111, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.4146, within(1e-3));
        }

        @Test
        void everyOrderAndAlgorithmGivesFiniteResults() {
            for (String algorithm : new String[] {"dpmsolver", "dpmsolver++", "sde-dpmsolver++"}) {
                for (String solver : new String[] {"midpoint", "heun"}) {
                    for (int order = 1; order <= 3; order++) {
                        if (algorithm.startsWith("sde") && order == 3) {
                            continue;
                        }
                        float[] result = SolverSchedulersTest.fullLoop(DpmSolverMultistepScheduler::new, DPM_MULTI,
                                ", \"algorithm_type\": \"" + algorithm + "\", \"solver_type\": \"" + solver
                                        + "\", \"solver_order\": " + order);
                        assertThat(result).as(algorithm + " " + solver + " " + order).doesNotContain(Float.NaN);
                    }
                }
            }
        }
    }

    @Nested
    class DpmSinglestep {
        @Test
        void fullLoop() {
            float[] result = SolverSchedulersTest.fullLoop(DpmSolverSinglestepScheduler::new, DPM, "");
            assertThat(absMean(result)).isCloseTo(0.2791, within(1e-3));
        }

        @Test
        void fullLoopWithKarrasSigmas() {
            float[] result = SolverSchedulersTest.fullLoop(DpmSolverSinglestepScheduler::new, DPM,
                    ", \"use_karras_sigmas\": true");
            assertThat(absMean(result)).isCloseTo(0.2248, within(1e-3));
        }

        @Test
        void fullLoopWithVPrediction() {
            float[] result = SolverSchedulersTest.fullLoop(DpmSolverSinglestepScheduler::new, DPM,
                    ", \"prediction_type\": \"v_prediction\"");
            assertThat(absMean(result)).isCloseTo(0.1453, within(1e-3));
        }

        @Test
        void fullLoopWithKarrasSigmasAndVPrediction() {
            float[] result = SolverSchedulersTest.fullLoop(DpmSolverSinglestepScheduler::new, DPM,
                    ", \"prediction_type\": \"v_prediction\", \"use_karras_sigmas\": true");
            assertThat(absMean(result)).isCloseTo(0.0649, within(1e-3));
        }

        @Test
        void loopFromNoisedSample() {
            float[] result = noisedLoop(DpmSolverSinglestepScheduler::new, DPM, 5);
            assertThat(absSum(result)).isCloseTo(269.2187, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.3505, within(1e-3));
        }

        @Test
        void thirdOrderGivesFiniteResults() {
            for (String solver : new String[] {"midpoint", "heun"}) {
                float[] result = SolverSchedulersTest.fullLoop(DpmSolverSinglestepScheduler::new, DPM,
                        ", \"solver_order\": 3, \"solver_type\": \"" + solver + "\"");
                assertThat(result).doesNotContain(Float.NaN);
            }
        }
    }

    @Nested
    class UniPc {
        @Test
        void fullLoop() {
            float[] result = SolverSchedulersTest.fullLoop(UniPcScheduler::new, UNIPC, "");
            assertThat(absMean(result)).isCloseTo(0.2464, within(1e-3));
        }

        @Test
        void fullLoopWithKarrasSigmas() {
            float[] result = SolverSchedulersTest.fullLoop(UniPcScheduler::new, UNIPC, ", \"use_karras_sigmas\": true");
            assertThat(absMean(result)).isCloseTo(0.2925, within(1e-3));
        }

        @Test
        void fullLoopWithVPrediction() {
            float[] result = SolverSchedulersTest.fullLoop(UniPcScheduler::new, UNIPC,
                    ", \"prediction_type\": \"v_prediction\"");
            assertThat(absMean(result)).isCloseTo(0.1014, within(1e-3));
        }

        @Test
        void fullLoopWithKarrasSigmasAndVPrediction() {
            float[] result = SolverSchedulersTest.fullLoop(UniPcScheduler::new, UNIPC,
                    ", \"prediction_type\": \"v_prediction\", \"use_karras_sigmas\": true");
            assertThat(absMean(result)).isCloseTo(0.1966, within(1e-3));
        }

        @Test
        void loopFromNoisedSample() {
            float[] result = noisedLoop(UniPcScheduler::new, UNIPC, 8);
            assertThat(absSum(result)).isCloseTo(315.5757, within(1e-2));
            assertThat(absMean(result)).isCloseTo(0.4109, within(1e-3));
        }

        @Test
        void thirdOrderAndNoisePredictionGiveFiniteResults() {
            for (String extra : new String[] {", \"solver_order\": 3", ", \"solver_order\": 3, \"solver_type\": \"bh1\"",
                    ", \"predict_x0\": false", ", \"disable_corrector\": [0, 1]"}) {
                float[] result = SolverSchedulersTest.fullLoop(UniPcScheduler::new, UNIPC, extra);
                assertThat(result).as(extra).doesNotContain(Float.NaN);
            }
        }
    }
}
