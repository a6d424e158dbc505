package dev.backdrop.diffusion.scheduler;

/**
 * What the first-order sigma schedulers share: their timesteps, input scaling and initial noise
 * come from one {@link SigmaSchedule} set by {@code setTimesteps}; only the step rule differs.
 */
abstract sealed class SigmaStepScheduler extends SigmaPlanScheduler
        permits EulerScheduler, EulerAncestralScheduler, LmsScheduler {

    protected SigmaStepScheduler(SchedulerConfig config) {
        super(config);
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
