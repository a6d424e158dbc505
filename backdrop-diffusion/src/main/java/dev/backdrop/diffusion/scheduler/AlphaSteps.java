package dev.backdrop.diffusion.scheduler;

/** Shared arithmetic of the schedulers that step on integer timesteps and alphaBar (DDIM, DDPM, PNDM). */
final class AlphaSteps {

    private AlphaSteps() {
    }

    static int[] integerTimesteps(SchedulerConfig config, NoiseSchedule schedule, int steps,
                                  TimestepSpacing defaultSpacing) {
        if (steps < 1 || steps > schedule.trainSteps()) {
            throw new IllegalArgumentException(
                    "steps must be between 1 and " + schedule.trainSteps() + ", got " + steps);
        }
        double[] values = config.timestepSpacing().orElse(defaultSpacing)
                .descending(schedule.trainSteps(), steps, config.stepsOffset());
        int[] timesteps = new int[steps];
        for (int i = 0; i < steps; i++) {
            // steps_offset can push the top timestep one past the last training step.
            timesteps[i] = (int) Math.min(Math.rint(values[i]), schedule.trainSteps() - 1);
        }
        return timesteps;
    }

    static double[] asDoubles(int[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    /** {x0, epsilon} estimated from one model output element at a timestep with the given alphaBar. */
    static double[] predict(PredictionType type, double modelOutput, double sample, double alphaProd) {
        double a = Math.sqrt(alphaProd);
        double b = Math.sqrt(1 - alphaProd);
        return switch (type) {
            case EPSILON -> new double[] {(sample - b * modelOutput) / a, modelOutput};
            case SAMPLE -> new double[] {modelOutput, (sample - a * modelOutput) / b};
            case V_PREDICTION -> new double[] {a * sample - b * modelOutput, a * modelOutput + b * sample};
        };
    }

    /** {@code sqrt(alphaBar) * x0 + sqrt(1 - alphaBar) * noise} at an integer timestep. */
    static float[] addNoise(NoiseSchedule schedule, float[] original, float[] noise, int timestep) {
        double alphaProd = schedule.alphaCumprod(timestep);
        return LatentArithmetic.sum(Math.sqrt(alphaProd), original, Math.sqrt(1 - alphaProd), noise);
    }
}
