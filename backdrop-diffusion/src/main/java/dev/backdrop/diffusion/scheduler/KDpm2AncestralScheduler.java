package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * The ancestral DPM-Solver-2 of k-diffusion ({@code sample_dpm_2_ancestral}): like
 * {@link KDpm2Scheduler}, but each step aims at a lower sigma and adds fresh noise back up to the
 * next level, so results depend on the noise seed.
 */
public final class KDpm2AncestralScheduler extends TwoStageScheduler {

    private final SchedulerConfig config;
    private final NoiseSchedule schedule;
    private double[] midpoints = new double[0];
    private AncestralSplit[] splits = new AncestralSplit[0];
    private float[] stepStart;

    public KDpm2AncestralScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
        if (config.predictionType() == PredictionType.SAMPLE) {
            throw new InvalidSchedulerConfigException(
                    "KDPM2 ancestral supports prediction_type epsilon or v_prediction only");
        }
    }

    @Override
    public void setTimesteps(int steps) {
        SigmaSchedule base = SigmaSchedule.of(schedule, config, steps, true, FinalSigma.ZERO);
        double[] sigmas = base.sigmas();
        midpoints = new double[steps];
        splits = new AncestralSplit[steps];
        for (int k = 0; k < steps; k++) {
            splits[k] = AncestralSplit.of(sigmas[k], sigmas[k + 1]);
            // The last step goes straight to the clean-sample estimate.
            midpoints[k] = k == steps - 1 ? 0 : Math.sqrt(sigmas[k] * splits[k].down());
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
        double dt = first ? midpoint - sigma : splits[k].down() - sigma;
        float[] base = first ? sample : stepStart;
        float[] fresh = first ? null : noise.next(sample.length);
        double up = splits[k].up();
        PredictionType type = config.predictionType();
        float[] prev = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double denoised = type.denoisedFromSigma(modelOutput[i], sample[i], sigmaInput);
            double derivative = (sample[i] - denoised) / sigmaInput;
            double value = base[i] + derivative * dt;
            if (fresh != null) {
                value += fresh[i] * up;
            }
            prev[i] = (float) value;
        }
        stepStart = first ? sample : null;
        return prev;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        int k = (stepIndex + 1) / 2;
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[k]);
    }
}
