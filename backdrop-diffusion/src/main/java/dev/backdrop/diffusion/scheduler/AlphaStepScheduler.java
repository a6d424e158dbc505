package dev.backdrop.diffusion.scheduler;

/**
 * What the discrete-time schedulers DDIM and DDPM share: integer timesteps with leading spacing,
 * unscaled model input and unit initial noise; only the step rule differs.
 */
abstract sealed class AlphaStepScheduler implements Scheduler permits DdimScheduler, DdpmScheduler {

    protected final SchedulerConfig config;
    protected final NoiseSchedule schedule;
    protected int[] timesteps = new int[0];

    protected AlphaStepScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
    }

    @Override
    public void setTimesteps(int steps) {
        timesteps = AlphaSteps.integerTimesteps(config, schedule, steps, TimestepSpacing.LEADING);
    }

    @Override
    public int inferenceSteps() {
        return timesteps.length;
    }

    @Override
    public double[] timesteps() {
        return AlphaSteps.asDoubles(timesteps);
    }

}
