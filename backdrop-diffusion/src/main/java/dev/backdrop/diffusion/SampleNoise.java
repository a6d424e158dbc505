package dev.backdrop.diffusion;

import dev.backdrop.diffusion.noise.NoiseSource;
import dev.backdrop.diffusion.noise.TorchCompatibleNoise;

/**
 * Noise for a batch of samples, each drawn from its own seeded generator ({@code seed + k} for
 * sample {@code k}), so a sample is the same whether it runs alone or in a batch. Every fill must
 * cover the whole batch: its length is split evenly between the samples.
 */
final class SampleNoise implements NoiseSource {

    private final NoiseSource[] sources;

    SampleNoise(long seed, int samples) {
        sources = new NoiseSource[samples];
        for (int k = 0; k < samples; k++) {
            sources[k] = new TorchCompatibleNoise(seed + k);
        }
    }

    @Override
    public void fill(float[] out) {
        if (out.length % sources.length != 0) {
            throw new IllegalArgumentException(out.length + " values do not split between " + sources.length + " samples");
        }
        int per = out.length / sources.length;
        if (sources.length == 1) {
            sources[0].fill(out);
            return;
        }
        float[] part = new float[per];
        for (int k = 0; k < sources.length; k++) {
            sources[k].fill(part);
            System.arraycopy(part, 0, out, k * per, per);
        }
    }
}
