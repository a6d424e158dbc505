package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * Multistep latent consistency sampling (Luo et al., 2023), as diffusers' {@code LCMScheduler}:
 * each step turns the model's output into a clean-sample estimate through the consistency
 * function's boundary conditions ({@link #denoised}), then noises that estimate to the next
 * timestep with fresh noise; the last step returns the estimate itself. The timesteps are a subset
 * of the distillation schedule (every {@code num_train_timesteps / original_inference_steps}-th
 * training step, from the top), evenly spaced by index, so at most {@code original_inference_steps}
 * steps can be planned.
 *
 * <p>Only a model distilled for it samples well with it (a latent consistency model, or a UNet
 * with the LCM-LoRA fused in), and such a model needs it whatever a request asks: it is not one of
 * the API's scheduler names. A model says it needs it the way diffusers records it, with {@code
 * "_class_name": "LCMScheduler"} in its scheduler config ({@link #isFor}).
 */
public final class LcmScheduler extends AlphaStepScheduler {

    /** The class name diffusers writes into the scheduler config of a pipeline that uses this scheduler. */
    public static final String CLASS_NAME = "LCMScheduler";
    /** The data's standard deviation in the boundary conditions, fixed in the reference. */
    private static final double SIGMA_DATA = 0.5;

    private final boolean clipSample;

    public LcmScheduler(SchedulerConfig config) {
        super(config);
        if (config.originalInferenceSteps() > schedule.trainSteps()) {
            throw new InvalidSchedulerConfigException("original_inference_steps (" + config.originalInferenceSteps()
                    + ") cannot exceed num_train_timesteps (" + schedule.trainSteps() + ")");
        }
        this.clipSample = config.clipSample().orElse(false);
    }

    /** Whether a model's scheduler config names this scheduler, so the model must be sampled with it. */
    public static boolean isFor(SchedulerConfig modelConfig) {
        return modelConfig.className().filter(CLASS_NAME::equals).isPresent();
    }

    /**
     * Plans {@code steps} timesteps: indices {@code floor(i · original / steps)} into the
     * distillation schedule {@code original · stride − 1, ..., 2 · stride − 1, stride − 1} (timestep
     * spacing and offset do not apply). The whole schedule is planned at any strength, as the
     * inpainting pipelines call it; a run started midway begins at {@link #startIndex}.
     */
    @Override
    public void setTimesteps(int steps) {
        int original = config.originalInferenceSteps();
        if (steps < 1 || steps > original) {
            throw new IllegalArgumentException("the LCM scheduler takes 1 to original_inference_steps (" + original
                    + ") steps, got " + steps);
        }
        int stride = schedule.trainSteps() / original;
        // numpy's linspace(0, original, steps, endpoint=False), floored, as the reference computes it.
        double spacing = (double) original / steps;
        timesteps = new int[steps];
        for (int i = 0; i < steps; i++) {
            int index = (int) Math.floor(i * spacing);
            timesteps[i] = (original - index) * stride - 1;
        }
    }

    /**
     * The step's clean-sample estimate, {@code c_out · x0 + c_skip · sample}: {@code x0} predicted
     * from the model output at {@code timesteps()[stepIndex]} (clipped if the config asks), and the
     * boundary conditions {@code c_skip = σ² / (s² + σ²)}, {@code c_out = s / sqrt(s² + σ²)} of the
     * scaled timestep {@code s = t · timestep_scaling}, {@code σ = 0.5}.
     */
    public float[] denoised(float[] modelOutput, int stepIndex, float[] sample) {
        LatentArithmetic.requireSameLength(modelOutput, sample);
        int t = timesteps[stepIndex];
        double alphaProd = schedule.alphaCumprod(t);
        double scaled = t * config.timestepScaling();
        double boundary = scaled * scaled + SIGMA_DATA * SIGMA_DATA;
        double cSkip = SIGMA_DATA * SIGMA_DATA / boundary;
        double cOut = scaled / Math.sqrt(boundary);
        double range = config.clipSampleRange();
        float[] denoised = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double x0 = AlphaSteps.predict(config.predictionType(), modelOutput[i], sample[i], alphaProd)[0];
            if (clipSample) {
                x0 = Math.max(-range, Math.min(range, x0));
            }
            denoised[i] = (float) (cOut * x0 + cSkip * sample[i]);
        }
        return denoised;
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        float[] denoised = denoised(modelOutput, stepIndex, sample);
        if (stepIndex == timesteps.length - 1) {
            return denoised;
        }
        double alphaProdNext = schedule.alphaCumprod(timesteps[stepIndex + 1]);
        float[] fresh = noise.next(sample.length);
        return LatentArithmetic.sum(Math.sqrt(alphaProdNext), denoised, Math.sqrt(1 - alphaProdNext), fresh);
    }
}
