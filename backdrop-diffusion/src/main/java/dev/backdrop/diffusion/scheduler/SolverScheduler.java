package dev.backdrop.diffusion.scheduler;

/**
 * What the DPM-Solver family (DPM++ multistep and singlestep, UniPC) shares: a sigma plan set by
 * {@code setTimesteps}, unscaled model input, unit initial noise and noising in the solvers'
 * parametrisation; only how each step combines past model outputs differs.
 */
abstract sealed class SolverScheduler extends SigmaPlanScheduler
        permits DpmSolverMultistepScheduler, DpmSolverSinglestepScheduler, UniPcScheduler {

    protected SolverScheduler(SchedulerConfig config) {
        super(config);
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return DpmSolverSteps.addNoise(original, noise, SolverSigmas.of(plan.sigmas()[stepIndex]));
    }
}
