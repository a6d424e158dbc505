package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * A diffusion sampler: it picks the timesteps at which the denoising model runs and turns each
 * model output into the next, less noisy latent. Latents are flat {@code float[]} arrays of any
 * shape: every operation here is element-wise.
 *
 * <p>Use: {@link #setTimesteps} once per image, then for {@code i} from {@link #startIndex} to
 * {@code timesteps().length - 1}: run the model on {@code scaleModelInput(latents, i)} at
 * {@code timesteps()[i]} and set {@code latents = step(output, i, latents, noise)}. Steps must be
 * taken in order: multistep and two-stage schedulers keep state between them, which
 * {@link #setTimesteps} resets, and may keep the arrays passed to {@link #step} until then, so
 * callers must not modify them in place. Instances are not thread-safe.
 */
public sealed interface Scheduler permits AlphaStepScheduler, PndmScheduler, SigmaPlanScheduler,
        TwoStageScheduler {

    /** Plans {@code steps} inference steps and resets the state of any previous run. */
    void setTimesteps(int steps);

    /** The number of inference steps planned by the last {@link #setTimesteps}. */
    int inferenceSteps();

    /**
     * The timestep to give the model at each step index, one entry per model evaluation (a
     * two-stage scheduler evaluates the model twice per inference step).
     */
    double[] timesteps();

    /** Model evaluations per inference step: 2 for Heun and the KDPM2 schedulers, else 1. */
    default int order() {
        return 1;
    }

    /**
     * The standard deviation of the initial noise: text-to-image latents are noise times this. 1 for
     * the variance-preserving schedulers; the sigma schedulers override it.
     */
    default double initNoiseSigma() {
        return 1;
    }

    /**
     * The model input for a latent at {@code stepIndex}; a new array unless nothing changes. The
     * latent as it is for the variance-preserving schedulers; the sigma schedulers scale it.
     */
    default float[] scaleModelInput(float[] sample, int stepIndex) {
        return sample;
    }

    /**
     * One step back in time.
     *
     * @param modelOutput the model's prediction for {@code scaleModelInput(sample, stepIndex)}
     * @param stepIndex   index into {@link #timesteps()}
     * @param sample      the current latent (not modified)
     * @param noise       noise for stochastic schedulers; deterministic ones ignore it
     * @return the latent for the next step index
     */
    float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise);

    /**
     * Noises a clean latent to the noise level at which step {@code stepIndex} starts: the start of
     * image-to-image and inpainting runs.
     */
    float[] addNoise(float[] original, float[] noise, int stepIndex);

    /**
     * The step index where an image-to-image run of the given strength starts: strength 1 runs all
     * steps from pure noise, 0.5 the second half.
     */
    default int startIndex(double strength) {
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be between 0 and 1, got " + strength);
        }
        int steps = inferenceSteps();
        int noisedSteps = Math.min((int) (steps * strength), steps);
        return Math.max(steps - noisedSteps, 0) * order();
    }
}
