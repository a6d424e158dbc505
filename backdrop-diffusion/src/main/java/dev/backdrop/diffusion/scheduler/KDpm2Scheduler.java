package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * DPM-Solver-2 as in Katherine Crowson's k-diffusion ({@code sample_dpm_2}): each step evaluates
 * the model at the start sigma and again at the geometric midpoint {@code sqrt(s_k s_{k+1})}, and
 * takes the full step with the midpoint slope. The last step is a plain Euler step to sigma 0.
 *
 * <p>The ancestral variant ({@code sample_dpm_2_ancestral}) aims each step at a lower sigma and
 * adds fresh noise back up to the next level, so its results depend on the noise seed; it draws
 * that noise at the second evaluation of a step only (as diffusers does from 0.31 on).
 */
public final class KDpm2Scheduler extends TwoStageScheduler {

    private final SchedulerConfig config;
    private final NoiseSchedule schedule;
    private final boolean ancestral;
    private double[] midpoints = new double[0];
    private AncestralSplit[] targets = new AncestralSplit[0];
    private float[] stepStart;

    public KDpm2Scheduler(SchedulerConfig config) {
        this(config, false);
    }

    private KDpm2Scheduler(SchedulerConfig config, boolean ancestral) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
        this.ancestral = ancestral;
        if (config.predictionType() == PredictionType.SAMPLE) {
            throw new InvalidSchedulerConfigException("KDPM2" + (ancestral ? " ancestral" : "")
                    + " supports prediction_type epsilon or v_prediction only");
        }
    }

    /** The ancestral variant. */
    public static KDpm2Scheduler ancestral(SchedulerConfig config) {
        return new KDpm2Scheduler(config, true);
    }

    public boolean isAncestral() {
        return ancestral;
    }

    @Override
    public void setTimesteps(int steps) {
        SigmaSchedule base = SigmaSchedule.of(schedule, config, steps, true, FinalSigma.ZERO);
        double[] sigmas = base.sigmas();
        midpoints = new double[steps];
        targets = new AncestralSplit[steps];
        for (int k = 0; k < steps; k++) {
            // Where step k lands before any fresh noise: the next sigma, or the ancestral split's lower one.
            targets[k] = ancestral ? AncestralSplit.of(sigmas[k], sigmas[k + 1]) : new AncestralSplit(sigmas[k + 1], 0);
            // The last step goes straight to the clean-sample estimate.
            midpoints[k] = k == steps - 1 ? 0 : Math.sqrt(sigmas[k] * targets[k].down());
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
        double dt = first ? midpoint - sigma : targets[k].down() - sigma;
        float[] base = first ? sample : stepStart;
        float[] fresh = ancestral && !first ? noise.next(sample.length) : null;
        double up = targets[k].up();
        PredictionType type = config.predictionType();
        int n = sample.length;
        float[] prev = new float[n];
        int i = 0;
        for (; i + 4 <= n; i += 4) { // four widened first: see the package notes
            double m0 = modelOutput[i], m1 = modelOutput[i + 1], m2 = modelOutput[i + 2], m3 = modelOutput[i + 3];
            double s0 = sample[i], s1 = sample[i + 1], s2 = sample[i + 2], s3 = sample[i + 3];
            double b0 = base[i], b1 = base[i + 1], b2 = base[i + 2], b3 = base[i + 3];
            prev[i] = next(type, m0, s0, b0, sigmaInput, dt, fresh, i, up);
            prev[i + 1] = next(type, m1, s1, b1, sigmaInput, dt, fresh, i + 1, up);
            prev[i + 2] = next(type, m2, s2, b2, sigmaInput, dt, fresh, i + 2, up);
            prev[i + 3] = next(type, m3, s3, b3, sigmaInput, dt, fresh, i + 3, up);
        }
        for (; i < n; i++) {
            prev[i] = next(type, modelOutput[i], sample[i], base[i], sigmaInput, dt, fresh, i, up);
        }
        stepStart = first ? sample : null;
        return prev;
    }

    /** {@code base} moved by {@code dt} along the slope at {@code sample}, plus fresh noise where there is some. */
    private static float next(PredictionType type, double modelOutput, double sample, double base, double sigma,
                              double dt, float[] fresh, int index, double up) {
        double denoised = type.denoisedFromSigma(modelOutput, sample, sigma);
        double derivative = (sample - denoised) / sigma;
        double value = base + derivative * dt;
        return (float) (fresh == null ? value : value + fresh[index] * up);
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        int k = (stepIndex + 1) / 2;
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[k]);
    }
}
