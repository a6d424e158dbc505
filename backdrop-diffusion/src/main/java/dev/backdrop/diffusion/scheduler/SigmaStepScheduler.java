package dev.backdrop.diffusion.scheduler;

/**
 * What the first-order sigma schedulers share: their timesteps, input scaling and initial noise
 * come from one {@link SigmaSchedule} set by {@code setTimesteps}; only the step rule differs.
 */
abstract sealed class SigmaStepScheduler implements Scheduler
        permits EulerScheduler, EulerAncestralScheduler, LmsScheduler {

    protected final SchedulerConfig config;
    protected final NoiseSchedule schedule;
    protected SigmaSchedule plan = new SigmaSchedule(new double[] {0}, new double[0]);

    protected SigmaStepScheduler(SchedulerConfig config) {
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

    @Override
    public double initNoiseSigma() {
        return plan.initNoiseSigma(config);
    }

    @Override
    public float[] scaleModelInput(float[] sample, int stepIndex) {
        return SigmaSchedule.scaleBySigma(sample, plan.sigmas()[stepIndex]);
    }
}
