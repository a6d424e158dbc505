package dev.backdrop.diffusion.scheduler;

/**
 * The per-evaluation layout of a two-stage (second-order) sampler: inference step {@code k}
 * evaluates the model at index {@code 2k} and, except for the last step, again at {@code 2k + 1}.
 *
 * @param sigmas      the noise levels {@code s_0 > ... > s_{n-1}} and the final one
 * @param inputSigmas the noise level of the latent given to the model at each index
 * @param timesteps   the model timestep at each index
 */
record TwoStagePlan(double[] sigmas, double[] inputSigmas, double[] timesteps) {

    static TwoStagePlan empty() {
        return new TwoStagePlan(new double[] {0}, new double[0], new double[0]);
    }

    int steps() {
        return sigmas.length - 1;
    }

    /** The inference step that a step index belongs to. */
    static int stepOf(int stepIndex) {
        return stepIndex / 2;
    }

    static boolean isFirstStage(int stepIndex) {
        return stepIndex % 2 == 0;
    }
}
