package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * DPM-Solver-2 as in Katherine Crowson's k-diffusion ({@code sample_dpm_2}): each step evaluates
 * the model at the start sigma and again at the geometric midpoint {@code sqrt(s_k s_{k+1})}, and
 * takes the full step with the midpoint slope. The last step is a plain Euler step to sigma 0.
 */
public final class KDpm2Scheduler extends TwoStageScheduler {

    private final SchedulerConfig config;
    private final NoiseSchedule schedule;
    private double[] midpoints = new double[0];
    private float[] stepStart;

    public KDpm2Scheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
        if (config.predictionType() == PredictionType.SAMPLE) {
            throw new InvalidSchedulerConfigException("KDPM2 supports prediction_type epsilon or v_prediction only");
        }
    }

    @Override
    public void setTimesteps(int steps) {
        SigmaSchedule base = SigmaSchedule.of(schedule, config, steps, true, FinalSigma.ZERO);
        double[] sigmas = base.sigmas();
        midpoints = new double[steps];
        for (int k = 0; k < steps; k++) {
            midpoints[k] = Math.sqrt(sigmas[k] * sigmas[k + 1]);
        }
        int evaluations = 2 * steps - 1;
        double[] inputSigmas = new double[evaluations];
        double[] timesteps = new double[evaluations];
        for (int i = 0; i < evaluations; i++) {
            int k = TwoStagePlan.stepOf(i);
            if (TwoStagePlan.isFirstStage(i)) {
                inputSigmas[i] = sigmas[k];
                timesteps[i] = base.timesteps()[k];
            } else {
                inputSigmas[i] = midpoints[k];
                timesteps[i] = schedule.timestepOf(midpoints[k]);
            }
        }
        plan = new TwoStagePlan(sigmas, inputSigmas, timesteps);
        initNoiseSigma = base.initNoiseSigma(config);
        stepStart = null;
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        int k = TwoStagePlan.stepOf(stepIndex);
        double sigma = plan.sigmas()[k];
        double midpoint = midpoints[k];
        boolean first = TwoStagePlan.isFirstStage(stepIndex);
        double sigmaInput = first ? sigma : midpoint;
        // First stage: Euler to the midpoint. Second: the whole step from the start with the midpoint slope.
        double dt = first ? midpoint - sigma : plan.sigmas()[k + 1] - sigma;
        float[] base = first ? sample : stepStart;
        PredictionType type = config.predictionType();
        int n = sample.length;
        float[] prev = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double m0 = modelOutput[i], m1 = modelOutput[i + 1], m2 = modelOutput[i + 2], m3 = modelOutput[i + 3];
            double s0 = sample[i], s1 = sample[i + 1], s2 = sample[i + 2], s3 = sample[i + 3];
            double b0 = base[i], b1 = base[i + 1], b2 = base[i + 2], b3 = base[i + 3];
            prev[i] = next(type, m0, s0, b0, sigmaInput, dt);
            prev[i + 1] = next(type, m1, s1, b1, sigmaInput, dt);
            prev[i + 2] = next(type, m2, s2, b2, sigmaInput, dt);
            prev[i + 3] = next(type, m3, s3, b3, sigmaInput, dt);
        }
        for (; i < n; i++) {
            prev[i] = next(type, modelOutput[i], sample[i], base[i], sigmaInput, dt);
        }
        stepStart = first ? sample : null;
        return prev;
    }

    /** {@code base} moved by {@code dt} along the slope at {@code sample}. */
    private static float next(PredictionType type, double modelOutput, double sample, double base, double sigma,
                              double dt) {
        double denoised = type.denoisedFromSigma(modelOutput, sample, sigma);
        double derivative = (sample - denoised) / sigma;
        return (float) (base + derivative * dt);
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        int k = (stepIndex + 1) / 2;
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[k]);
    }
}
