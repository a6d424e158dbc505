package dev.backdrop.diffusion.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerConfigTest {

    @Test
    void readsStableDiffusionConfigFromItsFile(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("scheduler_config.json");
        Files.writeString(file, """
                {
                  "_class_name": "PNDMScheduler",
                  "_diffusers_version": "0.6.0",
                  "beta_end": 0.012,
                  "beta_schedule": "scaled_linear",
                  "beta_start": 0.00085,
                  "num_train_timesteps": 1000,
                  "set_alpha_to_one": false,
                  "skip_prk_steps": true,
                  "steps_offset": 1,
                  "trained_betas": null,
                  "clip_sample": false
                }
                """);
        SchedulerConfig config = SchedulerConfig.read(file);
        assertThat(config.numTrainTimesteps()).isEqualTo(1000);
        assertThat(config.betaStart()).isEqualTo(0.00085);
        assertThat(config.betaEnd()).isEqualTo(0.012);
        assertThat(config.betaSchedule()).isEqualTo(BetaSchedule.SCALED_LINEAR);
        assertThat(config.setAlphaToOne()).contains(false);
        assertThat(config.skipPrkSteps()).isTrue();
        assertThat(config.stepsOffset()).isEqualTo(1);
        assertThat(config.clipSample()).contains(false);
        assertThat(config.trainedBetas()).isEmpty();
        // Keys the file does not set stay open for each scheduler's own default.
        assertThat(config.timestepSpacing()).isEmpty();
        assertThat(config.finalSigmasType()).isEmpty();
        assertThat(config.predictionType()).isEqualTo(PredictionType.EPSILON);
    }

    @Test
    void readsSdxlEulerConfigIgnoringUnknownKeys() {
        SchedulerConfig config = SchedulerConfig.parse("""
                {"_class_name": "EulerDiscreteScheduler", "_diffusers_version": "0.19.0.dev0",
                 "beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085, "clip_sample": false,
                 "interpolation_type": "linear", "num_train_timesteps": 1000, "prediction_type": "epsilon",
                 "sample_max_value": 1.0, "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1,
                 "timestep_spacing": "leading", "trained_betas": null, "use_karras_sigmas": false,
                 "some_future_key": {"nested": [1, 2]}}
                """);
        assertThat(config.timestepSpacing()).contains(TimestepSpacing.LEADING);
        assertThat(config.useKarrasSigmas()).isFalse();
    }

    @Test
    void defaultsAreThoseOfTheReference() {
        SchedulerConfig config = SchedulerConfig.defaults();
        assertThat(config.numTrainTimesteps()).isEqualTo(1000);
        assertThat(config.betaStart()).isEqualTo(0.0001);
        assertThat(config.betaEnd()).isEqualTo(0.02);
        assertThat(config.betaSchedule()).isEqualTo(BetaSchedule.LINEAR);
        assertThat(config.solverOrder()).isEqualTo(2);
        assertThat(config.algorithmType()).isEqualTo("dpmsolver++");
        assertThat(config.lambdaMinClipped()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(config.predictX0()).isTrue();
    }

    @Test
    void readsPythonInfinityAndTrainedBetas() {
        SchedulerConfig config = SchedulerConfig.parse("""
                {"num_train_timesteps": 3, "trained_betas": [0.1, 0.2, 0.3], "lambda_min_clipped": "-inf",
                 "disable_corrector": [0, 2], "final_sigmas_type": "sigma_min"}
                """);
        assertThat(config.trainedBetas()).containsExactly(0.1, 0.2, 0.3);
        assertThat(config.lambdaMinClipped()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(config.disableCorrector()).isEqualTo(List.of(0, 2));
        assertThat(config.finalSigmasType()).contains(FinalSigma.SIGMA_MIN);
    }

    @Test
    void readsTheBareInfinityThatDiffusersWrites() {
        // What DPMSolverMultistepScheduler.save_config writes (Python's json module).
        SchedulerConfig config = SchedulerConfig.parse("{\"lambda_min_clipped\": -Infinity, \"beta_end\": 0.012}");
        assertThat(config.lambdaMinClipped()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(config.betaEnd()).isEqualTo(0.012);
    }

    @Test
    void rejectsNaN() {
        assertThatThrownBy(() -> SchedulerConfig.parse("{\"beta_start\": NaN}"))
                .isInstanceOf(InvalidSchedulerConfigException.class)
                .hasMessageContaining("beta_start must be a number");
    }

    @Test
    void trainedBetasReplaceTheSchedule() {
        NoiseSchedule schedule = new NoiseSchedule(
                SchedulerConfig.parse("{\"num_train_timesteps\": 3, \"trained_betas\": [0.1, 0.2, 0.5]}"));
        assertThat(schedule.alphaCumprod(2)).isCloseTo(0.9 * 0.8 * 0.5, within(1e-7));
    }

    @Test
    void betaSchedulesMatchTheirDefinitions() {
        NoiseSchedule linear = new NoiseSchedule(SchedulerConfig.defaults());
        assertThat(linear.alphaCumprod(0)).isCloseTo(0.9999, within(1e-7));
        assertThat(linear.alphaCumprod(1)).isCloseTo(0.9999 * (1 - (0.0001 + 0.0199 / 999)), within(1e-7));
        NoiseSchedule scaled = new NoiseSchedule(SchedulerConfig.parse(
                "{\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"beta_end\": 0.012}"));
        assertThat(scaled.alphaCumprod(0)).isCloseTo(1 - 0.00085, within(1e-7));
        // Stable Diffusion's final alphaBar, sigma about 14.6: the largest noise level of its samplers.
        assertThat(scaled.sigmaMax()).isCloseTo(14.6146, within(1e-3));
        NoiseSchedule cosine = new NoiseSchedule(SchedulerConfig.parse("{\"beta_schedule\": \"squaredcos_cap_v2\"}"));
        double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        double f1 = Math.pow(Math.cos((0.001 + 0.008) / 1.008 * Math.PI / 2), 2);
        assertThat(cosine.alphaCumprod(0)).isCloseTo(f1 / f0, within(1e-7));
    }

    @Test
    void rejectsWrongTypesAndUnsupportedSettingsWithActionableMessages() {
        assertThatThrownBy(() -> SchedulerConfig.parse("{\"num_train_timesteps\": \"many\"}"))
                .isInstanceOf(InvalidSchedulerConfigException.class)
                .hasMessageContaining("num_train_timesteps must be an integer");
        assertThatThrownBy(() -> SchedulerConfig.parse("{\"beta_schedule\": \"sigmoid\"}"))
                .hasMessageContaining("use linear, scaled_linear or squaredcos_cap_v2");
        assertThatThrownBy(() -> SchedulerConfig.parse("{\"timestep_spacing\": \"random\"}"))
                .hasMessageContaining("use linspace, leading or trailing");
        assertThatThrownBy(() -> SchedulerConfig.parse("{\"thresholding\": true}"))
                .hasMessageContaining("set thresholding to false");
        assertThatThrownBy(() -> SchedulerConfig.parse("[1, 2]"))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> SchedulerConfig.parse("{\"num_train_timesteps\": 3, \"trained_betas\": [0.1]}"))
                .hasMessageContaining("trained_betas holds 1 values but num_train_timesteps is 3");
        assertThatThrownBy(() -> SchedulerConfig.parse("{not json"))
                .isInstanceOf(InvalidSchedulerConfigException.class)
                .extracting(e -> ((InvalidSchedulerConfigException) e).code()).isEqualTo("invalid_scheduler_config");
    }

    @Test
    void missingFileIsReported(@TempDir Path folder) {
        assertThatThrownBy(() -> SchedulerConfig.read(folder.resolve("scheduler_config.json")))
                .isInstanceOf(InvalidSchedulerConfigException.class)
                .hasMessageContaining("cannot read scheduler config");
    }
}
