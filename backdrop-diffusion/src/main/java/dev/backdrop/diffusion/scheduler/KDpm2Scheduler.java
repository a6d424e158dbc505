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
        PredictionType type = config.predictionType();
        // The ancestral variant adds its fresh noise at the second stage only.
        float[] prev = ancestral && !first
                ? LatentArithmetic.slopeMove(type, modelOutput, sample, base, sigmaInput, dt,
                        noise.next(sample.length), targets[k].up())
                : LatentArithmetic.slopeMove(type, modelOutput, sample, base, sigmaInput, dt);
        stepStart = first ? sample : null;
        return prev;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        int k = (stepIndex + 1) / 2;
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[k]);
    }
}
