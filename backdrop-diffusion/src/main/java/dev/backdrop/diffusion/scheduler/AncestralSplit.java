package dev.backdrop.diffusion.scheduler;

/**
 * An ancestral step from {@code sigmaFrom} to {@code sigmaTo} split into a deterministic move down
 * to {@code down} and fresh noise of standard deviation {@code up}, with {@code down^2 + up^2 =
 * sigmaTo^2} (Karras et al., 2022, eta = 1).
 */
record AncestralSplit(double down, double up) {

    static AncestralSplit of(double sigmaFrom, double sigmaTo) {
        if (sigmaFrom <= 0) {
            return new AncestralSplit(0, 0);
        }
        double up = Math.sqrt(sigmaTo * sigmaTo * (sigmaFrom * sigmaFrom - sigmaTo * sigmaTo) / (sigmaFrom * sigmaFrom));
        double down = Math.sqrt(Math.max(sigmaTo * sigmaTo - up * up, 0));
        return new AncestralSplit(down, up);
    }
}
