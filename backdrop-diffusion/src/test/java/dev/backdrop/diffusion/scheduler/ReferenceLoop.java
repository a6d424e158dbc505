package dev.backdrop.diffusion.scheduler;

import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.noise.TorchCompatibleNoise;

/**
 * The deterministic set-up of the diffusers scheduler test suite, whose published results the
 * tests reproduce: a [4, 3, 8, 8] sample holding {@code i / 768} and a "model" that returns
 * {@code sample * t / (t + 1)}. Every scheduler operation is element-wise, so the flat layout
 * does not change the sums.
 */
final class ReferenceLoop {

    static final int SIZE = 4 * 3 * 8 * 8;

    private ReferenceLoop() {
    }

    /**
     * The reference sample in [batch, channel, height, width] order. The reference builds it as
     * {@code arange(768)} laid out [channel, height, width, batch] and permuted, so element
     * (b, c, h, w) holds {@code (((c * 8 + h) * 8 + w) * 4 + b) / 768}. The order matters where
     * seeded noise, generated in [b, c, h, w] order, is added.
     */
    static float[] sample() {
        return arrangedFrom(false);
    }

    /** The reference's deterministic noise: the same arrangement of {@code (767 - i) / 768}. */
    static float[] noise() {
        return arrangedFrom(true);
    }

    private static float[] arrangedFrom(boolean reversed) {
        float[] values = new float[SIZE];
        int j = 0;
        for (int b = 0; b < 4; b++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 8; h++) {
                    for (int w = 0; w < 8; w++) {
                        int i = ((c * 8 + h) * 8 + w) * 4 + b;
                        values[j++] = (float) (reversed ? SIZE - 1 - i : i) / SIZE;
                    }
                }
            }
        }
        return values;
    }

    static float[] model(float[] sample, double t) {
        float[] out = new float[sample.length];
        float tf = (float) t;
        for (int i = 0; i < sample.length; i++) {
            out[i] = sample[i] * tf / (tf + 1);
        }
        return out;
    }

    static float[] scaled(float[] sample, double factor) {
        float[] out = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            out[i] = (float) (sample[i] * factor);
        }
        return out;
    }

    /**
     * Runs every step from {@code start} on, with noise seeded 0 like {@code torch.manual_seed(0)}.
     * As in the reference tests, the scaled model input is handed back to {@code step} as the
     * sample (a pipeline hands the unscaled latent; see {@link IdealDenoiserTest}).
     */
    static float[] run(Scheduler scheduler, float[] sample, int start) {
        NoiseSource noise = new TorchCompatibleNoise(0);
        double[] timesteps = scheduler.timesteps();
        for (int i = start; i < timesteps.length; i++) {
            float[] input = scheduler.scaleModelInput(sample, i);
            float[] output = model(input, timesteps[i]);
            sample = scheduler.step(output, i, input, noise);
        }
        return sample;
    }

    /** The reference "full loop": 10 steps (unless told) from the sample, scaled by the initial sigma if asked. */
    static float[] fullLoop(Scheduler scheduler, int steps, boolean scaleByInitNoiseSigma) {
        scheduler.setTimesteps(steps);
        float[] sample = scaleByInitNoiseSigma ? scaled(sample(), scheduler.initNoiseSigma()) : sample();
        return run(scheduler, sample, 0);
    }

    /** The "with noise" tests: noise the sample to step {@code start}, then run from there. */
    static float[] noisedLoop(Scheduler scheduler, int steps, int start, boolean scaleByInitNoiseSigma) {
        scheduler.setTimesteps(steps);
        float[] sample = scaleByInitNoiseSigma ? scaled(sample(), scheduler.initNoiseSigma()) : sample();
        sample = scheduler.addNoise(sample, noise(), start);
        return run(scheduler, sample, start);
    }

    static double absSum(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += Math.abs(value);
        }
        return sum;
    }

    static double absMean(float[] values) {
        return absSum(values) / values.length;
    }

    static SchedulerConfig config(String json) {
        return SchedulerConfig.parse(json);
    }
}
