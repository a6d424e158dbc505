package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Linear multistep sampling in sigma (k-diffusion's {@code sample_lms}): the next latent
 * integrates the Lagrange polynomial through the last (up to four) slopes.
 */
public final class LmsScheduler extends SigmaStepScheduler {

    private static final int MAX_ORDER = 4;
    // Three-point Gauss–Legendre rule: exact for the polynomials of degree <= 3 integrated here.
    private static final double[] GAUSS_NODES = {-Math.sqrt(0.6), 0, Math.sqrt(0.6)};
    private static final double[] GAUSS_WEIGHTS = {5.0 / 9, 8.0 / 9, 5.0 / 9};

    private final List<double[]> slopes = new ArrayList<>();

    public LmsScheduler(SchedulerConfig config) {
        super(config);
    }

    @Override
    public void setTimesteps(int steps) {
        plan = SigmaSchedule.of(schedule, config, steps, false, FinalSigma.ZERO);
        slopes.clear();
    }

    @Override
    public float[] step(float[] modelOutput, int stepIndex, float[] sample, NoiseSource noise) {
        double sigma = plan.sigmas()[stepIndex];
        double[] slope = new double[sample.length];
        PredictionType type = config.predictionType();
        for (int i = 0; i < sample.length; i++) {
            slope[i] = (sample[i] - type.denoisedFromSigma(modelOutput[i], sample[i], sigma)) / sigma;
        }
        slopes.add(slope);
        if (slopes.size() > MAX_ORDER) {
            slopes.remove(0);
        }
        // The order grows with the slopes gathered since the run (or an image-to-image run) began.
        int order = Math.min(slopes.size(), Math.min(stepIndex + 1, MAX_ORDER));
        double[] coefficients = new double[order];
        for (int j = 0; j < order; j++) {
            coefficients[j] = coefficient(order, stepIndex, j);
        }
        float[] prev = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double value = sample[i];
            for (int j = 0; j < order; j++) {
                value += coefficients[j] * slopes.get(slopes.size() - 1 - j)[i];
            }
            prev[i] = (float) value;
        }
        return prev;
    }

    /**
     * The integral over [sigma_t, sigma_{t+1}] of the Lagrange basis polynomial that is 1 at
     * sigma_{t-j} and 0 at the other {@code order - 1} past sigmas.
     */
    private double coefficient(int order, int t, int j) {
        double[] sigmas = plan.sigmas();
        double a = sigmas[t];
        double b = sigmas[t + 1];
        double half = (b - a) / 2;
        double mid = (a + b) / 2;
        double integral = 0;
        for (int q = 0; q < GAUSS_NODES.length; q++) {
            double tau = mid + half * GAUSS_NODES[q];
            double product = 1;
            for (int k = 0; k < order; k++) {
                if (k != j) {
                    product *= (tau - sigmas[t - k]) / (sigmas[t - j] - sigmas[t - k]);
                }
            }
            integral += GAUSS_WEIGHTS[q] * product;
        }
        return integral * half;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return SigmaSchedule.addNoise(original, noise, plan.sigmas()[stepIndex]);
    }
}
