package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * Ancestral Euler sampling: each step goes down to a lower sigma by Euler's method, then adds
 * fresh noise back up to the next level, so results depend on the noise seed.
 */
public final class EulerAncestralScheduler implements Scheduler {

    private final SchedulerConfig config;
    private final NoiseSchedule schedule;
    private SigmaSchedule plan = new SigmaSchedule(new double[] {0}, new double[0]);

    public EulerAncestralScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
    }

    @Override
    public void setTimesteps(int steps) {
        plan = SigmaSchedule.of(schedule, config, steps, false, FinalSigma.ZERO);
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

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        double sigmaFrom = plan.sigmas()[stepIndex];
        double sigmaTo = plan.sigmas()[stepIndex + 1];
        AncestralSplit split = AncestralSplit.of(sigmaFrom, sigmaTo);
        double dt = split.down() - sigmaFrom;
        float[] fresh = noise.next(sample.length);
        PredictionType type = config.predictionType();
        float[] prev = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double denoised = type.denoisedFromSigma(modelOutput[i], sample[i], sigmaFrom);
            double derivative = (sample[i] - denoised) / sigmaFrom;
            prev[i] = (float) (sample[i] + derivative * dt + fresh[i] * split.up());
        }
        return prev;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[stepIndex]);
    }
}
