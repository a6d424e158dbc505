package dev.backdrop.diffusion.scheduler;

/**
 * How inference timesteps are picked among the training timesteps (see Lin et al., "Common
 * Diffusion Noise Schedules and Sample Steps are Flawed", 2023, table 2).
 */
public enum TimestepSpacing {
    /** Evenly spaced from the last training step down to 0, end points included. */
    LINSPACE("linspace"),
    /** Multiples of {@code trainSteps / steps} from 0, plus {@code steps_offset}. */
    LEADING("leading"),
    /** Evenly spaced down from the last training step, 0 excluded. */
    TRAILING("trailing");

    private final String configName;

    TimestepSpacing(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static TimestepSpacing fromConfigName(String name) {
        for (TimestepSpacing spacing : values()) {
            if (spacing.configName.equals(name)) {
                return spacing;
            }
        }
        throw new InvalidSchedulerConfigException(
                "timestep_spacing \"" + name + "\" is not supported; use linspace, leading or trailing");
    }

    /**
     * {@code steps} timesteps, highest first. LINSPACE values are left fractional: sigma-based
     * schedulers interpolate between training steps; integer schedulers round them.
     */
    double[] descending(int trainSteps, int steps, int stepsOffset) {
        double[] timesteps = new double[steps];
        switch (this) {
            case LINSPACE -> {
                double[] up = BetaSchedule.linspace(0, trainSteps - 1, steps);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = up[steps - 1 - i];
                }
            }
            case LEADING -> {
                int ratio = trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (double) (steps - 1 - i) * ratio + stepsOffset;
                }
            }
            case TRAILING -> {
                double ratio = (double) trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = Math.rint(trainSteps - i * ratio) - 1;
                }
            }
        }
        return timesteps;
    }

    /**
     * {@code steps} integer timesteps for the multistep solvers, which lay {@code steps + 1} points
     * up to {@code lastTimestep} and drop the final 0 so that the last step lands on the clean
     * sample. Trailing spacing keeps the stride of the full training range.
     */
    double[] descendingWithoutZero(int trainSteps, int lastTimestep, int steps, int stepsOffset) {
        double[] timesteps = new double[steps];
        switch (this) {
            case LINSPACE -> {
                double[] up = BetaSchedule.linspace(0, lastTimestep - 1, steps + 1);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = Math.rint(up[steps - i]);
                }
            }
            case LEADING -> {
                int ratio = lastTimestep / (steps + 1);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (double) (steps - i) * ratio + stepsOffset;
                }
            }
            case TRAILING -> {
                double ratio = (double) trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = Math.rint(lastTimestep - i * ratio) - 1;
                }
            }
        }
        return timesteps;
    }
}
