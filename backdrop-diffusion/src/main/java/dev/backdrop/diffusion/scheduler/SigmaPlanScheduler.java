package dev.backdrop.diffusion.scheduler;

/**
 * What the schedulers planned by one {@link SigmaSchedule} share: the plan that
 * {@code setTimesteps} sets, and the step count and timesteps read from it.
 */
abstract sealed class SigmaPlanScheduler implements Scheduler permits SigmaStepScheduler, SolverScheduler {

    protected final SchedulerConfig config;
    protected final NoiseSchedule schedule;
    protected SigmaSchedule plan = new SigmaSchedule(new double[] {0}, new double[0]);

    protected SigmaPlanScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
    }

    @Override
    public int inferenceSteps() {
        return plan.steps();
    }

    @Override
    public double[] timesteps() {
        return plan.timesteps().clone();
    }
}
