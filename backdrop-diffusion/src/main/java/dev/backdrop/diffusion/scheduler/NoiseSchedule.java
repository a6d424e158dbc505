package dev.backdrop.diffusion.scheduler;

/**
 * The forward noising process a model was trained with: for each training timestep {@code t},
 * {@code alphaBar(t)} is the share of signal variance left, and {@code sigma(t) =
 * sqrt((1 - alphaBar) / alphaBar)} the equivalent noise level of the variance-exploding form
 * {@code x = x0 + sigma * noise} that the Karras-style schedulers work in.
 */
final class NoiseSchedule {

    private final double[] alphasCumprod;
    private final double[] sigmas;
    private final double[] logSigmas;

    NoiseSchedule(SchedulerConfig config) {
        int count = config.numTrainTimesteps();
        double[] betas;
        if (!config.trainedBetas().isEmpty()) {
            betas = config.trainedBetas().stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            betas = config.betaSchedule().betas(count, config.betaStart(), config.betaEnd());
        }
        alphasCumprod = new double[count];
        sigmas = new double[count];
        logSigmas = new double[count];
        // The table is kept at float32 precision, as diffusion models were trained with it: near
        // t = 0, 1 - alphaBar is small and its float32 rounding visibly moves the first steps.
        double product = 1;
        for (int t = 0; t < count; t++) {
            product *= (float) (1 - (float) betas[t]);
            alphasCumprod[t] = (float) product;
            product = alphasCumprod[t];
            sigmas[t] = Math.sqrt((1 - alphasCumprod[t]) / alphasCumprod[t]);
            logSigmas[t] = Math.log(sigmas[t]);
        }
    }

    int trainSteps() {
        return alphasCumprod.length;
    }

    /** {@code alphaBar} of an integer timestep. */
    double alphaCumprod(int timestep) {
        if (timestep < 0 || timestep >= alphasCumprod.length) {
            throw new IllegalArgumentException(
                    "timestep " + timestep + " is outside the training range 0.." + (alphasCumprod.length - 1));
        }
        return alphasCumprod[timestep];
    }

    /** The sigma of timestep 0, the smallest of training. */
    double sigmaMin() {
        return sigmas[0];
    }

    /** The sigma of the last training timestep. */
    double sigmaMax() {
        return sigmas[sigmas.length - 1];
    }

    /** The sigma at a possibly fractional timestep, linear between training steps. */
    double sigmaAt(double timestep) {
        if (timestep <= 0) {
            return sigmas[0];
        }
        int last = sigmas.length - 1;
        if (timestep >= last) {
            return sigmas[last];
        }
        int low = (int) Math.floor(timestep);
        double w = timestep - low;
        return sigmas[low] + w * (sigmas[low + 1] - sigmas[low]);
    }

    /**
     * The fractional timestep whose sigma is {@code sigma}, linear in log-sigma between training
     * steps and clamped to the training range: how a model is told about a noise level that lies
     * between its training steps.
     */
    double timestepOf(double sigma) {
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        // Last training step whose log-sigma is at most logSigma (log-sigmas increase with t).
        int count = logSigmas.length;
        int low = 0;
        for (int t = 0; t < count; t++) {
            if (logSigma >= logSigmas[t]) {
                low = t;
            }
        }
        low = Math.min(low, count - 2);
        double w = (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[low + 1]);
        w = Math.max(0, Math.min(1, w));
        return (1 - w) * low + w * (low + 1);
    }

    /**
     * The noise levels of Karras et al. (2022, eq. 5, rho = 7) from {@code sigmaMax} down to
     * {@code sigmaMin}, evenly spaced in {@code sigma^(1/7)}.
     */
    static double[] karras(double sigmaMin, double sigmaMax, int steps) {
        double rho = 7;
        double minInvRho = Math.pow(sigmaMin, 1 / rho);
        double maxInvRho = Math.pow(sigmaMax, 1 / rho);
        double[] ramp = BetaSchedule.linspace(0, 1, steps);
        double[] result = new double[steps];
        for (int i = 0; i < steps; i++) {
            result[i] = Math.pow(maxInvRho + ramp[i] * (minInvRho - maxInvRho), rho);
        }
        return result;
    }
}
