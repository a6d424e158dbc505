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
        double sigmaTo = plan.sigmas()[stepIndex + 1];
        AncestralSplit split = AncestralSplit.of(sigmaFrom, sigmaTo);
        double dt = split.down() - sigmaFrom;
        float[] fresh = noise.next(sample.length);
        PredictionType type = config.predictionType();
        double up = split.up();
        int n = sample.length;
        float[] prev = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double m0 = modelOutput[i], m1 = modelOutput[i + 1], m2 = modelOutput[i + 2], m3 = modelOutput[i + 3];
            double s0 = sample[i], s1 = sample[i + 1], s2 = sample[i + 2], s3 = sample[i + 3];
            double f0 = fresh[i], f1 = fresh[i + 1], f2 = fresh[i + 2], f3 = fresh[i + 3];
            prev[i] = next(type, m0, s0, f0, sigmaFrom, dt, up);
            prev[i + 1] = next(type, m1, s1, f1, sigmaFrom, dt, up);
            prev[i + 2] = next(type, m2, s2, f2, sigmaFrom, dt, up);
            prev[i + 3] = next(type, m3, s3, f3, sigmaFrom, dt, up);
        }
        for (; i < n; i++) {
            prev[i] = next(type, modelOutput[i], sample[i], fresh[i], sigmaFrom, dt, up);
        }
        return prev;
    }

    /** Euler down to {@code sigma + dt}, then {@code up} times the fresh noise. */
    private static float next(PredictionType type, double modelOutput, double sample, double fresh, double sigma,
                              double dt, double up) {
        double denoised = type.denoisedFromSigma(modelOutput, sample, sigma);
        double derivative = (sample - denoised) / sigma;
        return (float) (sample + derivative * dt + fresh * up);
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[stepIndex]);
    }
}
