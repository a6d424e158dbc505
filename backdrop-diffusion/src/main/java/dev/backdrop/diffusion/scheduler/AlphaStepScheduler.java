package dev.backdrop.diffusion.scheduler;

/**
 * What the discrete-time schedulers DDIM, DDPM and LCM share: integer timesteps (with leading
 * spacing unless the scheduler plans its own), unscaled model input, unit initial noise and
 * noising by alphaBar; the step rule differs.
 */
abstract sealed class AlphaStepScheduler implements Scheduler permits DdimScheduler, DdpmScheduler, LcmScheduler {

    protected final SchedulerConfig config;
    protected final NoiseSchedule schedule;
    protected int[] timesteps = new int[0];

    protected AlphaStepScheduler(SchedulerConfig config) {
        this.config = config;
        this.schedule = new NoiseSchedule(config);
    }

    @Override
    public void setTimesteps(int steps) {
        timesteps = AlphaSteps.integerTimesteps(config, schedule, steps, TimestepSpacing.LEADING);
    }

    @Override
    public int inferenceSteps() {
        return timesteps.length;
    }

    @Override
    public double[] timesteps() {
        return AlphaSteps.asDoubles(timesteps);
    }

    @Override
    public float[] addNoise(float[] original, float[] noise, int stepIndex) {
        return AlphaSteps.addNoise(schedule, original, noise, timesteps[stepIndex]);
    }

}
