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
        PredictionType type = config.predictionType();
        int n = sample.length;
        float[] prev = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double m0 = modelOutput[i], m1 = modelOutput[i + 1], m2 = modelOutput[i + 2], m3 = modelOutput[i + 3];
            double s0 = sample[i], s1 = sample[i + 1], s2 = sample[i + 2], s3 = sample[i + 3];
            prev[i] = next(type, m0, s0, sigma, dt);
            prev[i + 1] = next(type, m1, s1, sigma, dt);
            prev[i + 2] = next(type, m2, s2, sigma, dt);
            prev[i + 3] = next(type, m3, s3, sigma, dt);
        }
        for (; i < n; i++) {
            prev[i] = next(type, modelOutput[i], sample[i], sigma, dt);
        }
        return prev;
    }

    /** One Euler step of one element. */
    private static float next(PredictionType type, double modelOutput, double sample, double sigma, double dt) {
        double denoised = type.denoisedFromSigma(modelOutput, sample, sigma);
        double derivative = (sample - denoised) / sigma;
        return (float) (sample + derivative * dt);
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[stepIndex]);
    }
}
