package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;

/**
 * Denoising diffusion implicit models (Song et al., 2020): deterministic with {@code eta = 0},
 * the DDPM posterior with {@code eta = 1}.
 */
public final class DdimScheduler extends AlphaStepScheduler {

    private final double eta;
    private final double finalAlphaCumprod;
    private final boolean clipSample;

    public DdimScheduler(SchedulerConfig config) {
        this(config, 0);
    }

    /** @param eta share of the DDPM posterior noise added at each step, 0 to 1 */
    public DdimScheduler(SchedulerConfig config, double eta) {
        super(config);
        this.eta = eta;
        this.finalAlphaCumprod = config.setAlphaToOne().orElse(true) ? 1 : schedule.alphaCumprod(0);
        this.clipSample = config.clipSample().orElse(true);
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        int t = timesteps[stepIndex];
        // The previous timestep is one stride back even for trailing or linspace spacing, as in the
        // reference implementation whose published results the tests reproduce.
        int prevT = t - schedule.trainSteps() / timesteps.length;
        double alphaProd = schedule.alphaCumprod(t);
        double alphaProdPrev = prevT >= 0 ? schedule.alphaCumprod(prevT) : finalAlphaCumprod;
        double betaProd = 1 - alphaProd;
        double variance = (1 - alphaProdPrev) / betaProd * (1 - alphaProd / alphaProdPrev);
        double stdDev = eta * Math.sqrt(variance);
        double range = config.clipSampleRange();
        double directionScale = Math.sqrt(Math.max(1 - alphaProdPrev - stdDev * stdDev, 0));
        float[] noiseValues = stdDev > 0 ? noise.next(sample.length) : null;
        float[] prev = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double[] x0AndEps = AlphaSteps.predict(config.predictionType(), modelOutput[i], sample[i], alphaProd);
            double x0 = x0AndEps[0];
            double eps = x0AndEps[1];
            if (clipSample) {
                x0 = Math.max(-range, Math.min(range, x0));
            }
            double value = Math.sqrt(alphaProdPrev) * x0 + directionScale * eps;
            if (noiseValues != null) {
                value += stdDev * noiseValues[i];
            }
            prev[i] = (float) value;
        }
        return prev;
    }
}
