package dev.backdrop.diffusion.graph;

/**
 * The float type a converted graph computes in. Inputs and outputs stay float32 either way, so the
 * pipeline feeds both alike; only the weights and the activations between them change.
 */
public enum Precision {
    /** Everything in float32: the reference's numbers, and what runs fastest on a CPU. */
    FLOAT32,
    /**
     * Weights and activations in float16, half the memory and the tensor cores of a GPU; the few
     * computations that lose too much in float16 (timestep sinusoids) stay float32 islands.
     */
    FLOAT16;

    public String label() {
        return this == FLOAT32 ? "float32" : "float16";
    }
}
