package dev.backdrop.diffusion.scheduler;

/**
 * What the second-order sigma schedulers share: each step evaluates the model twice, so their
 * timesteps, input scaling and initial noise come from one {@link TwoStagePlan} set by
 * {@code setTimesteps}; only the step rule differs.
 */
abstract sealed class TwoStageScheduler implements Scheduler
        permits HeunScheduler, KDpm2Scheduler {

    protected TwoStagePlan plan = TwoStagePlan.empty();
    protected double initNoiseSigma = 1;

    @Override
    public int inferenceSteps() {
        return plan.steps();
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public double[] timesteps() {
        return plan.timesteps().clone();
    }

    @Override
    public double initNoiseSigma() {
        return initNoiseSigma;
    }

    @Override
    public float[] scaleModelInput(float[] sample, int stepIndex) {
        return SigmaSchedule.scaleBySigma(sample, plan.inputSigmas()[stepIndex]);
    }
}
