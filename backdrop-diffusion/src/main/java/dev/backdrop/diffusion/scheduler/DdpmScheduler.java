package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/** Denoising diffusion probabilistic models (Ho et al., 2020): ancestral sampling of the posterior. */
public final class DdpmScheduler extends AlphaStepScheduler {

    private final boolean clipSample;
    private final String varianceType;

    public DdpmScheduler(SchedulerConfig config) {
        super(config);
        this.clipSample = config.clipSample().orElse(true);
        this.varianceType = config.varianceType().orElse("fixed_small");
        if (!varianceType.equals("fixed_small") && !varianceType.equals("fixed_small_log")
                && !varianceType.equals("fixed_large")) {
            throw new InvalidSchedulerConfigException("variance_type \"" + varianceType
                    + "\" is not supported; use fixed_small, fixed_small_log or fixed_large");
        }
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        int t = timesteps[stepIndex];
        int prevT = stepIndex + 1 < timesteps.length ? timesteps[stepIndex + 1] : -1;
        double alphaProd = schedule.alphaCumprod(t);
        double alphaProdPrev = prevT >= 0 ? schedule.alphaCumprod(prevT) : 1;
        double betaProd = 1 - alphaProd;
        double betaProdPrev = 1 - alphaProdPrev;
        // Rounded to float32 as in the reference: near t = 0 the ratio is within an ulp or two of 1,
        // and 1 - ratio keeps that rounding.
        double currentAlpha = (float) (alphaProd / alphaProdPrev);
        double currentBeta = (float) (1 - currentAlpha);
        double x0Coeff = Math.sqrt(alphaProdPrev) * currentBeta / betaProd;
        double sampleCoeff = Math.sqrt(currentAlpha) * betaProdPrev / betaProd;
        double range = config.clipSampleRange();
        float[] noiseValues = t > 0 ? noise.next(sample.length) : null;
        double std = t > 0 ? standardDeviation(betaProdPrev / betaProd * currentBeta, currentBeta) : 0;
        float[] prev = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double x0 = AlphaSteps.predict(config.predictionType(), modelOutput[i], sample[i], alphaProd)[0];
            if (clipSample) {
                x0 = Math.max(-range, Math.min(range, x0));
            }
            double value = x0Coeff * x0 + sampleCoeff * sample[i];
            if (noiseValues != null) {
                value += std * noiseValues[i];
            }
            prev[i] = (float) value;
        }
        return prev;
    }

    private double standardDeviation(double posteriorVariance, double beta) {
        double small = Math.max(posteriorVariance, 1e-20);
        // fixed_small and fixed_small_log give the same standard deviation.
        return varianceType.equals("fixed_large") ? Math.sqrt(beta) : Math.sqrt(small);
    }
}
