package dev.backdrop.diffusion.scheduler;

import java.util.Arrays;

/**
 * The noise levels of one inference run of a Karras-style scheduler: {@code sigmas} holds one
 * level per step plus the final one, {@code timesteps} the (possibly fractional) model timestep
 * of each step.
 */
record SigmaSchedule(double[] sigmas, double[] timesteps) {

    /**
     * The schedule of the discrete Euler-family schedulers: timesteps spaced per config, their
     * training sigmas, optionally replaced by Karras sigmas (whose timesteps are then found back by
     * interpolation, rounded when {@code roundKarrasTimesteps}).
     */
    static SigmaSchedule of(NoiseSchedule schedule, SchedulerConfig config, int steps,
                            boolean roundKarrasTimesteps, FinalSigma finalSigma) {
        requirePositive(steps, schedule);
        TimestepSpacing spacing = config.timestepSpacing().orElse(TimestepSpacing.LINSPACE);
        double[] timesteps = spacing.descending(schedule.trainSteps(), steps, config.stepsOffset());
        double[] levels = new double[steps];
        for (int i = 0; i < steps; i++) {
            levels[i] = schedule.sigmaAt(timesteps[i]);
        }
        if (config.useKarrasSigmas()) {
            levels = NoiseSchedule.karras(config.sigmaMin().orElse(levels[steps - 1]),
                    config.sigmaMax().orElse(levels[0]), steps);
            for (int i = 0; i < steps; i++) {
                double t = schedule.timestepOf(levels[i]);
                timesteps[i] = roundKarrasTimesteps ? Math.rint(t) : t;
            }
        }
        double[] sigmas = new double[steps + 1];
        System.arraycopy(levels, 0, sigmas, 0, steps);
        sigmas[steps] = finalSigma == FinalSigma.ZERO ? 0 : schedule.sigmaMin();
        return new SigmaSchedule(sigmas, timesteps);
    }

    /**
     * The schedule of the DPM-Solver and UniPC multistep solvers: integer timesteps that skip 0
     * (or, with Karras sigmas, the Karras levels over the whole training range with their rounded
     * timesteps).
     */
    static SigmaSchedule forSolvers(NoiseSchedule schedule, SchedulerConfig config, int steps, int lastTimestep,
                                    TimestepSpacing spacing, FinalSigma finalSigma, boolean roundKarrasTimesteps) {
        requirePositive(steps, schedule);
        double[] timesteps;
        double[] levels;
        if (config.useKarrasSigmas()) {
            levels = NoiseSchedule.karras(config.sigmaMin().orElse(schedule.sigmaMin()),
                    config.sigmaMax().orElse(schedule.sigmaMax()), steps);
            timesteps = new double[steps];
            for (int i = 0; i < steps; i++) {
                double t = schedule.timestepOf(levels[i]);
                timesteps[i] = roundKarrasTimesteps ? Math.rint(t) : t;
            }
        } else {
            // Rounding repeats a timestep when steps approach the training count; a repeated
            // point is a zero-length step that the multistep formulas divide by, so it is dropped.
            timesteps = Arrays.stream(
                    spacing.descendingWithoutZero(schedule.trainSteps(), lastTimestep, steps, config.stepsOffset()))
                    .distinct().toArray();
            steps = timesteps.length;
            levels = new double[steps];
            for (int i = 0; i < steps; i++) {
                levels[i] = schedule.sigmaAt(timesteps[i]);
            }
        }
        double[] sigmas = new double[steps + 1];
        System.arraycopy(levels, 0, sigmas, 0, steps);
        sigmas[steps] = finalSigma == FinalSigma.ZERO ? 0 : schedule.sigmaMin();
        return new SigmaSchedule(sigmas, timesteps);
    }

    /**
     * The standard deviation of pure-noise latents: the largest sigma, or the total standard
     * deviation {@code sqrt(sigma^2 + 1)} for leading spacing, as the reference does.
     */
    double initNoiseSigma(SchedulerConfig config) {
        double max = maxSigma();
        TimestepSpacing spacing = config.timestepSpacing().orElse(TimestepSpacing.LINSPACE);
        return spacing == TimestepSpacing.LEADING ? Math.sqrt(max * max + 1) : max;
    }

    /** Divides by {@code sqrt(sigma^2 + 1)}: the model expects unit-variance input. */
    static float[] scaleBySigma(float[] sample, double sigma) {
        double scale = 1 / Math.sqrt(sigma * sigma + 1);
        int n = sample.length;
        float[] scaled = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double a = sample[i], b = sample[i + 1], c = sample[i + 2], d = sample[i + 3];
            scaled[i] = (float) (a * scale);
            scaled[i + 1] = (float) (b * scale);
            scaled[i + 2] = (float) (c * scale);
            scaled[i + 3] = (float) (d * scale);
        }
        for (; i < n; i++) {
            scaled[i] = (float) (sample[i] * scale);
        }
        return scaled;
    }

    /** {@code original + sigma * noise}: the variance-exploding forward process. */
    static float[] addNoise(float[] original, float[] noise, double sigma) {
        AlphaSteps.requireSameLength(original, noise);
        int n = original.length;
        float[] noisy = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double x0 = original[i], x1 = original[i + 1], x2 = original[i + 2], x3 = original[i + 3];
            double e0 = noise[i], e1 = noise[i + 1], e2 = noise[i + 2], e3 = noise[i + 3];
            noisy[i] = (float) (x0 + sigma * e0);
            noisy[i + 1] = (float) (x1 + sigma * e1);
            noisy[i + 2] = (float) (x2 + sigma * e2);
            noisy[i + 3] = (float) (x3 + sigma * e3);
        }
        for (; i < n; i++) {
            noisy[i] = (float) (original[i] + sigma * noise[i]);
        }
        return noisy;
    }

    int steps() {
        return timesteps.length;
    }

    double maxSigma() {
        double max = 0;
        for (double sigma : sigmas) {
            max = Math.max(max, sigma);
        }
        return max;
    }

    private static void requirePositive(int steps, NoiseSchedule schedule) {
        if (steps < 1 || steps > schedule.trainSteps()) {
            throw new IllegalArgumentException(
                    "steps must be between 1 and " + schedule.trainSteps() + ", got " + steps);
        }
    }
}
