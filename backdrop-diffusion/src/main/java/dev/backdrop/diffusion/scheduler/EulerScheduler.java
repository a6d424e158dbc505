package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/** Euler's method on the probability-flow ODE in sigma (Karras et al., 2022, algorithm 1 without churn). */
public final class EulerScheduler extends SigmaStepScheduler {


    public EulerScheduler(SchedulerConfig config) {
        super(config);
    }

    @Override
    public void setTimesteps(int steps) {
        plan = SigmaSchedule.of(schedule, config, steps, false, config.finalSigmasType().orElse(FinalSigma.ZERO));
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        double sigma = plan.sigmas()[stepIndex];
        double dt = plan.sigmas()[stepIndex + 1] - sigma;
        return LatentArithmetic.slopeMove(config.predictionType(), modelOutput, sample, sample, sigma, dt);
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[stepIndex]);
    }
}
