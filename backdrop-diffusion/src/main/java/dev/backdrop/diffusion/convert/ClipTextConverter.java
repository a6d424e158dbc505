package dev.backdrop.diffusion.convert;

import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.FLOAT;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.INT32;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.INT64;
import static dev.backdrop.diffusion.graph.OnnxGraphBuilder.intAttribute;

import dev.backdrop.diffusion.checkpoint.Checkpoint;
import dev.backdrop.diffusion.checkpoint.InvalidCheckpointException;
import dev.backdrop.diffusion.graph.OnnxGraphBuilder;
import dev.backdrop.diffusion.graph.Precision;
import java.nio.file.Path;
import java.util.List;

/**
 * transformers' {@code CLIPTextModel} (SD 1.x, SD 2.x, SDXL's first encoder) and
 * {@code CLIPTextModelWithProjection} (SDXL's second) to the graph Optimum exports: {@code
 * input_ids} in; {@code last_hidden_state}, every {@code hidden_states.N} (the embeddings, then
 * each layer's output, the last one before the final layer norm, as the reference returns them)
 * and {@code pooler_output} or, with the projection, {@code text_embeds} out. The pooled token is
 * the one with the highest id where {@code eos_token_id} is 2 (the configs of the published
 * checkpoints, made before the id was fixed), else the first end-of-text token.
 */
public final class ClipTextConverter {

    private ClipTextConverter() {
    }

    /** The text encoder architecture as its config describes it. */
    record Architecture(boolean projection, int vocab, int hidden, int intermediate, int layers, int heads,
                        int positions, String activation, double eps, int projectionDim, int eosTokenId) {

        static Architecture of(ModelConfig config) {
            String[] architectures = config.has("architectures") ? config.texts("architectures") : new String[0];
            boolean projection = architectures.length > 0 && architectures[0].equals("CLIPTextModelWithProjection");
            if (architectures.length > 0 && !projection && !architectures[0].equals("CLIPTextModel")) {
                throw new InvalidCheckpointException(config.file() + " describes a " + architectures[0]
                        + ", not a CLIP text encoder (CLIPTextModel or CLIPTextModelWithProjection)");
            }
            int hidden = config.integer("hidden_size", 512);
            int heads = config.integer("num_attention_heads", 8);
            if (hidden % heads != 0) {
                throw new InvalidCheckpointException(config.file() + ": hidden_size " + hidden
                        + " is not a multiple of num_attention_heads " + heads);
            }
            return new Architecture(projection, config.integer("vocab_size", 49408), hidden,
                    config.integer("intermediate_size", 2048), config.integer("num_hidden_layers", 12), heads,
                    config.integer("max_position_embeddings", 77), config.text("hidden_act", "quick_gelu"),
                    config.number("layer_norm_eps", 1e-5), config.integer("projection_dim", 512),
                    config.integer("eos_token_id", 2));
        }
    }

    /** Converts the checkpoint described by {@code config} into {@code out/model.onnx} (+ external data). */
    public static void convert(ModelConfig config, Checkpoint weights, Path out, Precision precision) {
        graph(Architecture.of(config), weights).write(out, true, precision);
    }

    static OnnxGraphBuilder graph(Architecture a, Checkpoint weights) {
        CheckpointGraph c = new CheckpointGraph("text_encoder", weights);
        OnnxGraphBuilder g = c.g;
        String p = "text_model.";
        g.input("input_ids", INT32, "batch_size", "sequence_length");
        String ids = g.node("Cast", List.of("input_ids"), intAttribute("to", INT64));
        String tokens = g.node("Gather", c.param(p + "embeddings.token_embedding.weight", a.vocab(), a.hidden()), ids);
        String length = g.node("Slice", g.node("Shape", ids), g.longs(1), g.longs(2));
        String positions = g.node("Slice", c.param(p + "embeddings.position_embedding.weight", a.positions(), a.hidden()),
                g.longs(0), length);
        String x = g.node("Add", tokens, positions);
        // A token sees itself and those before it: the causal mask, cut to the prompt's length.
        float[] causal = new float[a.positions() * a.positions()];
        for (int i = 0; i < a.positions(); i++) {
            for (int j = i + 1; j < a.positions(); j++) {
                causal[i * a.positions() + j] = -Float.MAX_VALUE;
            }
        }
        String full = g.floats(causal, a.positions(), a.positions());
        String mask = g.node("Slice", g.node("Slice", full, g.longs(0), length, g.longs(0)), g.longs(0), length, g.longs(1));

        int states = a.layers() + 1;
        hiddenState(g, 0, x);
        x = ClipEncoderLayers.run(c, p, x, a.layers(), a.hidden(), a.intermediate(), a.heads(), a.activation(), a.eps(),
                mask, (index, value) -> hiddenState(g, index, value));
        String last = c.layerNorm(x, p + "final_layer_norm", a.hidden(), a.eps());
        g.identity("last_hidden_state", last);
        g.output("last_hidden_state", FLOAT, "batch_size", "sequence_length", a.hidden());

        String pooled = pooled(g, ids, last, a);
        if (a.projection()) {
            g.identity("text_embeds", c.linear(pooled, "text_projection", a.hidden(), a.projectionDim(), false));
            g.output("text_embeds", FLOAT, "batch_size", a.projectionDim());
        } else {
            g.identity("pooler_output", pooled);
            g.output("pooler_output", FLOAT, "batch_size", a.hidden());
        }
        for (int i = 0; i < states; i++) {
            g.output("hidden_states." + i, FLOAT, "batch_size", "sequence_length", a.hidden());
        }
        // position_ids is a buffer that older exports saved with the weights; the graph makes its own.
        weights.requireAllUsed(a.projection() ? "CLIPTextModelWithProjection" : "CLIPTextModel",
                name -> name.equals(p + "embeddings.position_ids"));
        return g;
    }

    private static void hiddenState(OnnxGraphBuilder g, int index, String x) {
        g.identity("hidden_states." + index, x);
    }

    /** The hidden state of each prompt's end-of-text token. */
    private static String pooled(OnnxGraphBuilder g, String ids, String last, Architecture a) {
        String scores = a.eosTokenId() == 2
                ? g.node("Cast", List.of(ids), intAttribute("to", FLOAT))
                : g.node("Cast", List.of(g.node("Equal", ids, g.longs(a.eosTokenId()))), intAttribute("to", FLOAT));
        // ArgMax takes the first of equal maxima, as torch.argmax does for the first end-of-text token.
        String position = g.node("ArgMax", List.of(scores), intAttribute("axis", 1), intAttribute("keepdims", 0));
        String shape = g.node("Shape", ids);
        String batch = g.node("Slice", shape, g.longs(0), g.longs(1));
        String length = g.node("Slice", shape, g.longs(1), g.longs(2));
        String rows = g.node("Range", g.node("Squeeze", g.longs(0), g.longs(0)), g.node("Squeeze", batch, g.longs(0)),
                g.node("Squeeze", g.longs(1), g.longs(0)));
        String flatIndex = g.node("Add", g.node("Mul", rows, length), position);
        String flat = g.node("Reshape", last, g.longs(-1, a.hidden()));
        return g.node("Gather", flat, flatIndex);
    }
}
