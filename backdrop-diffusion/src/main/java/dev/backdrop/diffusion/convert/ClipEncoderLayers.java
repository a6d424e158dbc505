package dev.backdrop.diffusion.convert;

/**
 * The transformer layers CLIP's text and vision towers share ({@code CLIPEncoderLayer}):
 * pre-norm self-attention and MLP, each added to its input.
 */
final class ClipEncoderLayers {

    private ClipEncoderLayers() {
    }

    /**
     * Runs {@code layers} layers under {@code prefix.encoder.layers.N} over {@code x} ({@code [B, S,
     * hidden]}); {@code states} receives each layer's output by its 1-based hidden-state index.
     */
    static String run(CheckpointGraph c, String prefix, String x, int layers, int hidden, int intermediate, int heads,
                      String activation, double eps, String mask, StateSink sink) {
        long headDim = hidden / heads;
        for (int i = 0; i < layers; i++) {
            String l = prefix + "encoder.layers." + i + ".";
            String h = c.layerNorm(x, l + "layer_norm1", hidden, eps);
            String q = c.linear(h, l + "self_attn.q_proj", hidden, hidden, true);
            String k = c.linear(h, l + "self_attn.k_proj", hidden, hidden, true);
            String v = c.linear(h, l + "self_attn.v_proj", hidden, hidden, true);
            String attended = c.attention(q, k, v, heads, headDim, mask);
            x = c.g.node("Add", x, c.linear(attended, l + "self_attn.out_proj", hidden, hidden, true));
            h = c.layerNorm(x, l + "layer_norm2", hidden, eps);
            h = c.activation(c.linear(h, l + "mlp.fc1", hidden, intermediate, true), activation);
            x = c.g.node("Add", x, c.linear(h, l + "mlp.fc2", intermediate, hidden, true));
            sink.accept(i + 1, x);
        }
        return x;
    }

    /** Receives a hidden state by its index. */
    @FunctionalInterface
    interface StateSink {
        void accept(int index, String value);
    }
}
