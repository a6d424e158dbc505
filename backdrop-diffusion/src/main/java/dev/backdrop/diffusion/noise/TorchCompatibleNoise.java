package dev.backdrop.diffusion.noise;

import java.util.stream.IntStream;

/**
 * Seeded Gaussian noise that draws the same numbers as PyTorch's CPU generator: for a seed
 * {@code s}, {@code fill} of {@code n} values equals {@code torch.manual_seed(s); torch.randn(n)}
 * (float32, up to the last bit of {@code log}/{@code cos}), and successive calls continue the
 * same stream. Matching that generator lets a seed reproduce the initial latents of the
 * reference Python pipelines, and lets tests check stochastic schedulers against their published
 * results.
 *
 * <p>Algorithm: MT19937 seeded with the low 32 bits of the seed. For {@code n >= 16} every value
 * first gets a 24-bit uniform {@code u = (bits & 0xffffff) / 2^24}; then each block of 16 is
 * turned into normals by Box–Muller, pairing element {@code j} with {@code j + 8}:
 * {@code r = sqrt(-2 ln(1 - u[j]))}, {@code out[j] = r cos(2 pi u[j+8])},
 * {@code out[j+8] = r sin(2 pi u[j+8])}. When {@code n} is not a multiple of 16 the last 16
 * values are drawn again from fresh uniforms. For {@code n < 16} each value comes from a
 * Box–Muller pair of 53-bit uniforms, the second value of a pair kept for the next draw.
 */
public final class TorchCompatibleNoise implements NoiseSource {

    private static final int BLOCK = 16;
    /** 2,048 values a task: large enough that a task outweighs handing it to another core. */
    private static final int BLOCKS_PER_TASK = 128;

    private final MersenneTwister bits;
    private double cachedNormal = Double.NaN;

    public TorchCompatibleNoise(long seed) {
        this.bits = new MersenneTwister(seed);
    }

    @Override
    public void fill(float[] out) {
        int n = out.length;
        if (n < BLOCK) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) nextDoubleNormal();
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[i] = nextFloatUniform();
        }
        int blocks = n / BLOCK;
        if (blocks >= 2 * BLOCKS_PER_TASK) {
            // The transform is most of the time (a log, a sine and a cosine per pair) and each block is
            // independent of the others, so large fills spread it over the cores: same values, any order.
            IntStream.range(0, (blocks + BLOCKS_PER_TASK - 1) / BLOCKS_PER_TASK).parallel().forEach(task -> {
                int end = Math.min(blocks, (task + 1) * BLOCKS_PER_TASK);
                for (int b = task * BLOCKS_PER_TASK; b < end; b++) {
                    boxMuller16(out, b * BLOCK);
                }
            });
        } else {
            for (int b = 0; b < blocks; b++) {
                boxMuller16(out, b * BLOCK);
            }
        }
        if (n % BLOCK != 0) {
            int start = n - BLOCK;
            for (int i = start; i < n; i++) {
                out[i] = nextFloatUniform();
            }
            boxMuller16(out, start);
        }
    }

    private float nextFloatUniform() {
        return (bits.nextUnsignedInt() & 0xffffff) * (1.0f / (1 << 24));
    }

    private double nextDoubleUniform() {
        long high = bits.nextUnsignedInt();
        long low = bits.nextUnsignedInt();
        long value = (high << 32) | low;
        return (value & ((1L << 53) - 1)) * 0x1.0p-53;
    }

    private double nextDoubleNormal() {
        if (!Double.isNaN(cachedNormal)) {
            double value = cachedNormal;
            cachedNormal = Double.NaN;
            return value;
        }
        double u1 = nextDoubleUniform();
        double u2 = nextDoubleUniform();
        double radius = Math.sqrt(-2 * Math.log1p(-u2));
        double theta = 2 * Math.PI * u1;
        cachedNormal = radius * Math.sin(theta);
        return radius * Math.cos(theta);
    }

    private static void boxMuller16(float[] data, int offset) {
        for (int j = 0; j < BLOCK / 2; j++) {
            float u1 = 1 - data[offset + j];
            float u2 = data[offset + j + BLOCK / 2];
            float radius = (float) Math.sqrt(-2 * (float) Math.log(u1));
            float theta = (float) (2.0 * Math.PI * u2);
            data[offset + j] = radius * (float) Math.cos(theta);
            data[offset + j + BLOCK / 2] = radius * (float) Math.sin(theta);
        }
    }
}
