package dev.backdrop.diffusion.scheduler;

/**
 * What the DPM-Solver family (DPM++ multistep and singlestep, UniPC) shares: a sigma plan set by
 * {@code setTimesteps}, unscaled model input, unit initial noise and noising in the solvers'
 * parametrisation; only how each step combines past model outputs differs.
 */
abstract sealed class SolverScheduler implements Scheduler
        permits DpmSolverMultistepScheduler, DpmSolverSinglestepScheduler, UniPcScheduler {

    protected final SchedulerConfig config;
    protected final NoiseSchedule schedule;
    protected SigmaSchedule plan = new SigmaSchedule(new double[] {0}, new double[0]);

    protected SolverScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
    }

    @Override
    public int inferenceSteps() {
        return plan.steps();
    }

    @Override
    public double[] timesteps() {
        return plan.timesteps().clone();
    }

    @Override
    public double initNoiseSigma() {
        return 1;
    }

    @Override
    public float[] scaleModelInput(float[] sample, int stepIndex) {
        return sample;
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return DpmSolverSteps.addNoise(original, noise, SolverSigmas.of(plan.sigmas()[stepIndex]));
    }
}
