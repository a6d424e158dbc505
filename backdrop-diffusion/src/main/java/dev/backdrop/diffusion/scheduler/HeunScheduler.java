package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * Heun's second-order method on the probability-flow ODE (Karras et al., 2022, algorithm 1): an
 * Euler step to the next sigma, then a correction with the average of the slopes at both ends.
 * Two model evaluations per step except the last, which is a plain Euler step to sigma 0.
 */
public final class HeunScheduler extends TwoStageScheduler {

    private final SchedulerConfig config;
    private final NoiseSchedule schedule;
    private final boolean clipSample;

    private double[] firstSlope;
    private float[] stepStart;

    public HeunScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
        this.clipSample = config.clipSample().orElse(false);
    }

    @Override
    public void setTimesteps(int steps) {
        SigmaSchedule base = SigmaSchedule.of(schedule, config, steps, false, FinalSigma.ZERO);
        int evaluations = 2 * steps - 1;
        double[] inputSigmas = new double[evaluations];
        double[] timesteps = new double[evaluations];
        for (int i = 0; i < evaluations; i++) {
            // Index 2k starts step k at s_k; index 2k+1 evaluates its end point s_{k+1}.
            int level = (i + 1) / 2;
            inputSigmas[i] = base.sigmas()[level];
            timesteps[i] = base.timesteps()[level];
        }
        plan = new TwoStagePlan(base.sigmas(), inputSigmas, timesteps);
        initNoiseSigma = base.initNoiseSigma(config);
        firstSlope = null;
        stepStart = null;
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        int k = TwoStagePlan.stepOf(stepIndex);
        double sigma = plan.sigmas()[k];
        double sigmaNext = plan.sigmas()[k + 1];
        double dt = sigmaNext - sigma;
        boolean first = TwoStagePlan.isFirstStage(stepIndex);
        double sigmaInput = first ? sigma : sigmaNext;
        float[] prev = new float[sample.length];
        double[] slope = first ? new double[sample.length] : null;
        for (int i = 0; i < sample.length; i++) {
            double denoised = denoised(modelOutput[i], sample[i], sigmaInput);
            double derivative = (sample[i] - denoised) / sigmaInput;
            if (first) {
                slope[i] = derivative;
                prev[i] = (float) (sample[i] + derivative * dt);
            } else {
                double average = (firstSlope[i] + derivative) / 2;
                prev[i] = (float) (stepStart[i] + average * dt);
            }
        }
        if (first) {
            firstSlope = slope;
            stepStart = sample;
        } else {
            firstSlope = null;
            stepStart = null;
        }
        return prev;
    }

    private double denoised(double modelOutput, double sample, double sigma) {
        double value = config.predictionType().denoisedFromSigma(modelOutput, sample, sigma);
        if (clipSample) {
            double range = config.clipSampleRange();
            value = Math.max(-range, Math.min(range, value));
        }
        return value;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return SigmaSchedule.addNoise(original, noise, plan.inputSigmas()[stepIndex]);
    }
}
