package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * Ancestral Euler sampling: each step goes down to a lower sigma by Euler's method, then adds
 * fresh noise back up to the next level, so results depend on the noise seed.
 */
public final class EulerAncestralScheduler extends SigmaStepScheduler {


    public EulerAncestralScheduler(SchedulerConfig config) {
        super(config);
    }

    @Override
    public void setTimesteps(int steps) {
        plan = SigmaSchedule.of(schedule, config, steps, false, FinalSigma.ZERO);
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        double sigmaFrom = plan.sigmas()[stepIndex];
        AncestralSplit split = AncestralSplit.of(sigmaFrom, plan.sigmas()[stepIndex + 1]);
        // Euler down to the split's lower sigma, then up to the next level with fresh noise.
        float[] fresh = noise.next(sample.length);
        return LatentArithmetic.slopeMove(config.predictionType(), modelOutput, sample, sample, sigmaFrom,
                split.down() - sigmaFrom, fresh, split.up());
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[stepIndex]);
    }
}
