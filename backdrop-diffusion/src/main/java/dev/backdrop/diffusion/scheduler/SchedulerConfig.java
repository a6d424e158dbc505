package dev.backdrop.diffusion.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The settings of a model's {@code scheduler/scheduler_config.json}, as Hugging Face diffusers
 * writes it. A model ships the config of one scheduler; any other scheduler is built from the same
 * file, taking the keys it knows and its own defaults for the rest. That is why the settings whose
 * default differs between schedulers (timestep spacing, clipping, final sigma, ...) are optional
 * here: each scheduler fills in its own default.
 *
 * @param numTrainTimesteps  number of diffusion steps the model was trained with
 * @param betaStart          first beta of the training schedule
 * @param betaEnd            last beta of the training schedule
 * @param betaSchedule       layout of the betas between start and end
 * @param trainedBetas       explicit betas, replacing the schedule when not empty
 * @param predictionType     what the model predicts
 * @param timestepSpacing    how inference timesteps are picked; empty: the scheduler's default
 * @param stepsOffset        added to every timestep with leading spacing
 * @param setAlphaToOne      DDIM/PNDM: whether the step past timestep 0 is noise-free
 * @param clipSample         DDIM/DDPM/Heun: clamp the clean-sample estimate to {@code ±clipSampleRange}
 * @param clipSampleRange    bound for {@code clipSample}
 * @param useKarrasSigmas    use the noise levels of Karras et al. (2022) instead of the training ones
 * @param sigmaMin           smallest sigma of a Karras schedule; empty: the training minimum
 * @param sigmaMax           largest sigma of a Karras schedule; empty: the training maximum
 * @param skipPrkSteps       PNDM: start with linear multistep steps instead of Runge-Kutta ones
 * @param solverOrder        DPM-Solver/UniPC: order of the solver (1 to 3)
 * @param algorithmType      DPM-Solver: {@code dpmsolver++} (data prediction) or {@code dpmsolver}
 * @param solverType         DPM-Solver: {@code midpoint}/{@code heun}; UniPC: {@code bh1}/{@code bh2}
 * @param lowerOrderFinal    multistep solvers: drop to lower orders on the final steps
 * @param eulerAtFinal       DPM-Solver multistep: take a first-order last step
 * @param finalSigmasType    where a sigma schedule ends; empty: the scheduler's default
 * @param lambdaMinClipped   DPM-Solver: lowest log-SNR reached (clips the schedule's end)
 * @param varianceType       DDPM: {@code fixed_small}, {@code fixed_small_log}, {@code fixed_large}, ...
 * @param predictX0          UniPC: solve in data prediction form
 * @param disableCorrector   UniPC: step indices where no corrector is applied
 * @param originalInferenceSteps LCM: the length of the distillation schedule its timesteps are taken from
 * @param timestepScaling    LCM: the factor on the timestep in the consistency boundary conditions
 * @param className          the {@code _class_name} diffusers saved the file with, if any: the scheduler
 *                           the model's pipeline uses
 */
public record SchedulerConfig(
        int numTrainTimesteps,
        double betaStart,
        double betaEnd,
        BetaSchedule betaSchedule,
        List<Double> trainedBetas,
        PredictionType predictionType,
        Optional<TimestepSpacing> timestepSpacing,
        int stepsOffset,
        Optional<Boolean> setAlphaToOne,
        Optional<Boolean> clipSample,
        double clipSampleRange,
        boolean useKarrasSigmas,
        OptionalDouble sigmaMin,
        OptionalDouble sigmaMax,
        boolean skipPrkSteps,
        int solverOrder,
        String algorithmType,
        Optional<String> solverType,
        Optional<Boolean> lowerOrderFinal,
        boolean eulerAtFinal,
        Optional<FinalSigma> finalSigmasType,
        double lambdaMinClipped,
        Optional<String> varianceType,
        boolean predictX0,
        List<Integer> disableCorrector,
        int originalInferenceSteps,
        double timestepScaling,
        Optional<String> className) {

    // diffusers writes configs with Python's json module, which spells infinite floats as bare
    // -Infinity / Infinity (DPM-Solver's lambda_min_clipped defaults to -inf): not standard JSON.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    public SchedulerConfig {
        trainedBetas = List.copyOf(trainedBetas);
        disableCorrector = List.copyOf(disableCorrector);
        if (numTrainTimesteps < 2) {
            throw new InvalidSchedulerConfigException(
                    "num_train_timesteps must be at least 2, got " + numTrainTimesteps);
        }
        if (!trainedBetas.isEmpty() && trainedBetas.size() != numTrainTimesteps) {
            throw new InvalidSchedulerConfigException("trained_betas holds " + trainedBetas.size()
                    + " values but num_train_timesteps is " + numTrainTimesteps);
        }
        if (solverOrder < 1 || solverOrder > 3) {
            throw new InvalidSchedulerConfigException("solver_order must be 1, 2 or 3, got " + solverOrder);
        }
        if (originalInferenceSteps < 1) {
            throw new InvalidSchedulerConfigException("original_inference_steps must be at least 1, got "
                    + originalInferenceSteps);
        }
    }

    /** The defaults of diffusers for every key (a linear 0.0001–0.02 schedule over 1000 steps). */
    public static SchedulerConfig defaults() {
        return parse("{}");
    }

    /** Reads {@code scheduler_config.json}. */
    public static SchedulerConfig read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidSchedulerConfigException("cannot read scheduler config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the JSON text of a scheduler config; unknown keys are ignored. */
    public static SchedulerConfig parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSchedulerConfigException("scheduler config is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSchedulerConfigException("scheduler config must be a JSON object");
        }
        Keys keys = new Keys(root);
        keys.rejectTrue("thresholding", "dynamic thresholding is not supported; set thresholding to false");
        keys.rejectTrue("rescale_betas_zero_snr", "rescale_betas_zero_snr is not supported");
        keys.rejectTrue("use_exponential_sigmas", "exponential sigmas are not supported; use use_karras_sigmas");
        keys.rejectTrue("use_beta_sigmas", "beta sigmas are not supported; use use_karras_sigmas");
        keys.rejectTrue("use_lu_lambdas", "use_lu_lambdas is not supported");
        keys.rejectTrue("use_flow_sigmas", "flow-matching sigmas are not supported");
        keys.string("interpolation_type").filter(type -> !type.equals("linear")).ifPresent(type -> {
            throw new InvalidSchedulerConfigException("interpolation_type \"" + type + "\" is not supported; use linear");
        });
        keys.string("timestep_type").filter(type -> !type.equals("discrete")).ifPresent(type -> {
            throw new InvalidSchedulerConfigException("timestep_type \"" + type + "\" is not supported; use discrete");
        });
        return new SchedulerConfig(
                keys.integer("num_train_timesteps").orElse(1000),
                keys.number("beta_start").orElse(0.0001),
                keys.number("beta_end").orElse(0.02),
                keys.string("beta_schedule").map(BetaSchedule::fromConfigName).orElse(BetaSchedule.LINEAR),
                keys.numbers("trained_betas"),
                keys.string("prediction_type").map(PredictionType::fromConfigName).orElse(PredictionType.EPSILON),
                keys.string("timestep_spacing").map(TimestepSpacing::fromConfigName),
                keys.integer("steps_offset").orElse(0),
                keys.bool("set_alpha_to_one"),
                keys.bool("clip_sample"),
                keys.number("clip_sample_range").orElse(1.0),
                keys.bool("use_karras_sigmas").orElse(false),
                keys.number("sigma_min").map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                keys.number("sigma_max").map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                keys.bool("skip_prk_steps").orElse(false),
                keys.integer("solver_order").orElse(2),
                keys.string("algorithm_type").orElse("dpmsolver++"),
                keys.string("solver_type"),
                keys.bool("lower_order_final"),
                keys.bool("euler_at_final").orElse(false),
                keys.string("final_sigmas_type").map(FinalSigma::fromConfigName),
                keys.number("lambda_min_clipped").orElse(Double.NEGATIVE_INFINITY),
                keys.string("variance_type"),
                keys.bool("predict_x0").orElse(true),
                keys.numbers("disable_corrector").stream().map(Double::intValue).toList(),
                keys.integer("original_inference_steps").orElse(50),
                keys.number("timestep_scaling").orElse(10.0),
                keys.string("_class_name"));
    }

    /** This config with Karras sigmas switched on, as the "Karras" scheduler names ask. */
    public SchedulerConfig withKarrasSigmas() {
        return new SchedulerConfig(numTrainTimesteps, betaStart, betaEnd, betaSchedule, trainedBetas, predictionType,
                timestepSpacing, stepsOffset, setAlphaToOne, clipSample, clipSampleRange, true, sigmaMin, sigmaMax,
                skipPrkSteps, solverOrder, algorithmType, solverType, lowerOrderFinal, eulerAtFinal, finalSigmasType,
                lambdaMinClipped, varianceType, predictX0, disableCorrector, originalInferenceSteps, timestepScaling,
                className);
    }

    /** Typed access to the keys of the JSON object; JSON {@code null} counts as absent. */
    private record Keys(JsonNode root) {

        private Optional<JsonNode> node(String key) {
            JsonNode value = root.get(key);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
        }

        Optional<Integer> integer(String key) {
            return node(key).map(value -> {
                if (!value.isNumber() || value.asDouble() != Math.rint(value.asDouble())) {
                    throw wrongType(key, "an integer", value);
                }
                return value.asInt();
            });
        }

        Optional<Double> number(String key) {
            return node(key).map(value -> {
                if (value.isNumber() && !Double.isNaN(value.asDouble())) {
                    return value.asDouble();
                }
                // Hand-written configs may quote Python's spellings of infinity.
                if (value.isTextual()) {
                    switch (value.asText()) {
                        case "-inf", "-Infinity" -> {
                            return Double.NEGATIVE_INFINITY;
                        }
                        case "inf", "Infinity" -> {
                            return Double.POSITIVE_INFINITY;
                        }
                        default -> {
                        }
                    }
                }
                throw wrongType(key, "a number", value);
            });
        }

        Optional<Boolean> bool(String key) {
            return node(key).map(value -> {
                if (!value.isBoolean()) {
                    throw wrongType(key, "true or false", value);
                }
                return value.asBoolean();
            });
        }

        Optional<String> string(String key) {
            return node(key).map(value -> {
                if (!value.isTextual()) {
                    throw wrongType(key, "a string", value);
                }
                return value.asText();
            });
        }

        List<Double> numbers(String key) {
            return node(key).map(value -> {
                if (!value.isArray()) {
                    throw wrongType(key, "a list of numbers", value);
                }
                List<Double> numbers = new ArrayList<>();
                for (JsonNode element : value) {
                    if (!element.isNumber()) {
                        throw wrongType(key, "a list of numbers", value);
                    }
                    numbers.add(element.asDouble());
                }
                return numbers;
            }).orElse(List.of());
        }

        void rejectTrue(String key, String message) {
            if (bool(key).orElse(false)) {
                throw new InvalidSchedulerConfigException(message);
            }
        }

        private static InvalidSchedulerConfigException wrongType(String key, String expected, JsonNode value) {
            return new InvalidSchedulerConfigException(
                    "scheduler config key " + key + " must be " + expected + ", got " + value);
        }
    }
}
