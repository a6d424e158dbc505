package dev.backdrop.diffusion.noise;

/** A stream of standard normal samples (mean 0, standard deviation 1). */
public interface NoiseSource {

    /** Fills {@code out} with the next {@code out.length} samples. */
    void fill(float[] out);

    /** Returns the next {@code count} samples. */
    default float[] next(int count) {
        float[] out = new float[count];
        fill(out);
        return out;
    }
}
