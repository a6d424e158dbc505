package dev.backdrop.diffusion.scheduler;

/**
 * The noise level of a variance-preserving latent {@code x = alpha * x0 + sigma * noise} and its
 * half log-SNR {@code lambda = ln(alpha / sigma)}, the time variable of DPM-Solver and UniPC,
 * derived from the variance-exploding sigma {@code s}: {@code alpha = 1 / sqrt(s^2 + 1)},
 * {@code sigma = s * alpha}, {@code lambda = -ln s}.
 */
record SolverSigmas(double alpha, double sigma, double lambda) {

    static SolverSigmas of(double exploding) {
        double alpha = 1 / Math.sqrt(exploding * exploding + 1);
        double sigma = exploding * alpha;
        return new SolverSigmas(alpha, sigma, Math.log(alpha) - Math.log(sigma));
    }

    /** The timestep past which lambda falls below {@code lambdaMinClipped}: the end of a clipped schedule. */
    static int lastTimestep(NoiseSchedule schedule, double lambdaMinClipped) {
        int clipped = 0;
        for (int t = 0; t < schedule.trainSteps(); t++) {
            double alphaBar = schedule.alphaCumprod(t);
            double lambda = 0.5 * Math.log(alphaBar) - 0.5 * Math.log(1 - alphaBar);
            if (lambda < lambdaMinClipped) {
                clipped++;
            }
        }
        return schedule.trainSteps() - clipped;
    }
}
