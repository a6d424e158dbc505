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
        return LatentArithmetic.scaled(sample, 1 / Math.sqrt(sigma * sigma + 1));
    }

    /** {@code original + sigma * noise}: the variance-exploding forward process. */
    static float[] addNoise(float[] original, float[] noise, double sigma) {
        // 1·x is exactly x: the same values as x + sigma·noise.
        return LatentArithmetic.sum(1, original, sigma, noise);
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
