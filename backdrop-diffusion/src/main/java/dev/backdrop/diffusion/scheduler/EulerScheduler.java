package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/** Euler's method on the probability-flow ODE in sigma (Karras et al., 2022, algorithm 1 without churn). */
public final class EulerScheduler implements Scheduler {

    private final SchedulerConfig config;
    private final NoiseSchedule schedule;
    private SigmaSchedule plan = new SigmaSchedule(new double[] {0}, new double[0]);

    public EulerScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
    }

    @Override
    public void setTimesteps(int steps) {
        plan = SigmaSchedule.of(schedule, config, steps, false, config.finalSigmasType().orElse(FinalSigma.ZERO));
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
        double sigma = plan.sigmas()[stepIndex];
        double dt = plan.sigmas()[stepIndex + 1] - sigma;
        PredictionType type = config.predictionType();
        float[] prev = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double denoised = type.denoisedFromSigma(modelOutput[i], sample[i], sigma);
            double derivative = (sample[i] - denoised) / sigma;
            prev[i] = (float) (sample[i] + derivative * dt);
        }
        return prev;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[stepIndex]);
    }
}
